// "Gunakan lokasi saya" (templates/partials/geolocate.html): the browser
// is asked for the position only when the citizen clicks; the point fills
// the hidden lat and lng fields and the server finds the region holding it.
// Without this script the fieldset stays hidden and the page works as
// before.
(function () {
  document.querySelectorAll("[data-geolocate]").forEach(function (box) {
    if (!navigator.geolocation) {
      return;
    }
    var form = box.closest("form");
    var status = box.querySelector("[data-geolocate-status]");
    box.hidden = false;
    box.querySelector("[data-geolocate-button]").addEventListener("click", function () {
      status.textContent = box.dataset.waiting;
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.elements.lat.value = pos.coords.latitude.toFixed(6);
        form.elements.lng.value = pos.coords.longitude.toFixed(6);
        status.textContent = box.dataset.found.replace("%s", Math.round(pos.coords.accuracy));
        if (box.hasAttribute("data-geolocate-submit")) {
          form.requestSubmit ? form.requestSubmit() : form.submit();
        }
      }, function () {
        status.textContent = box.dataset.failed;
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  });
})();
