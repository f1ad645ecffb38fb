// Package browsertest opens the quickstart's status pages (Report.HTML) in
// headless Chromium and checks what only a browser can tell: that the page
// fetches nothing but itself, logs no error, has a text alternative and marks
// for every chart, and fits a 375 px phone. It saves screenshots at 375 and
// 1280 px in the test's temporary directory (or HYPERCARE_SCREENSHOTS).
//
// It is a module of its own so that the root module keeps its three
// dependencies; it needs Chromium at /usr/bin/chromium (bash .ci/chromium.sh
// installs Debian's package) or at HYPERCARE_CHROMIUM, and fails without it:
//
//	cd browsertest && go test ./...
package browsertest
