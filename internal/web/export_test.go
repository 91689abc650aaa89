package web

// RoutePattern exposes a route's pattern to the tests of package web_test.
func RoutePattern(rt route) string { return rt.pattern }

// StaffViewer exposes the rule of who sees and acts on a report.
var StaffViewer = staffViewer
