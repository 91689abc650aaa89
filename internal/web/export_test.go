package web

// RoutePattern exposes a route's pattern to the tests of package web_test.
func RoutePattern(rt route) string { return rt.pattern }

// StaffViewer exposes the rule of who sees and acts on a report.
var StaffViewer = staffViewer

// RouteSurface exposes the name of a route's surface (page, api, open311…).
func RouteSurface(rt route) string { return rt.rule.surface.name }

// OpenAPIDocument exposes the embedded OpenAPI document.
var OpenAPIDocument = openAPIDocument
