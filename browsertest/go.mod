module github.com/hypercare-go/hypercare/browsertest

go 1.25

replace github.com/hypercare-go/hypercare => ../

require (
	github.com/chromedp/cdproto v0.160.1
	github.com/chromedp/chromedp v0.23.1
)

require github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
