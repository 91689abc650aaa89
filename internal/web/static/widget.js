// Mutu's widget for a unit's own website. Paste
//   <script src="https://MUTU/widget.js" data-unit="UNIT-CODE" async></script>
// where the box should appear. Optional: data-service="SERVICE-CODE" (one
// service), data-lang="en", data-height="600", data-title="…".
// It inserts an iframe after itself; the iframe sets no cookie and the
// script reads nothing from the page.
(function () {
  var s = document.currentScript;
  if (!s || !s.getAttribute("data-unit")) return;
  var d = s.dataset, en = d.lang === "en";
  var src = new URL("widget/unit/" + encodeURIComponent(d.unit), s.src);
  if (d.service) src.searchParams.set("layanan", d.service);
  if (en) src.searchParams.set("lang", "en");
  var f = document.createElement("iframe");
  f.src = src.href;
  f.title = d.title || (en ? "Services, standards and satisfaction survey" : "Layanan, standar pelayanan dan survei kepuasan");
  f.loading = "lazy";
  f.width = "100%";
  f.height = /^\d{2,4}$/.test(d.height || "") ? d.height : (d.service ? "320" : "520");
  f.style.cssText = "border:1px solid #b1b4b6;max-width:32rem;display:block";
  s.parentNode.insertBefore(f, s.nextSibling);
})();
