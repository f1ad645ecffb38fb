package hypercare

// pageCSS is the page's only style: system fonts, a one-column layout on a
// phone and two columns of charts from 900 px, and A4 print rules.
const pageCSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1a1a1a;background:#fff}
main{max-width:1240px;margin:0 auto;padding:12px}
h1{font-size:1.35rem;margin:.2em 0 .3em;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:1.4em 0 .4em;border-bottom:1px solid #ccc;padding-bottom:.2em}
h3{font-size:1rem;margin:0 0 .4em}
.lead{font-size:1.02rem;margin:.2em 0 1em;overflow-wrap:anywhere}
.figures dl{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px;margin:0 0 16px}
.fig{border:1px solid #bbb;border-left:6px solid #888;border-radius:4px;padding:6px 10px;margin:0}
.fig dt{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:#444}
.fig dd{margin:0}
.fig .value{display:block;font-size:1.45rem;font-weight:650}
.fig .note{display:block;font-size:.82rem;color:#444}
.fig.good{border-left-color:#009E73}.fig.warn{border-left-color:#E69F00}.fig.bad{border-left-color:#D55E00}
.charts{display:grid;grid-template-columns:1fr;gap:14px}
@media (min-width:900px){.charts{grid-template-columns:1fr 1fr}}
figure{margin:0;padding:10px;border:1px solid #ddd;border-radius:4px;min-width:0;break-inside:avoid}
svg.chart{display:block;width:100%;height:auto;font-size:11px;font-family:inherit}
svg .grid{stroke:#e3e3e3}
svg .tick,svg .axisline{stroke:#555}
svg text{fill:#333}
svg .label{font-size:11.5px;fill:#111}
svg .small{font-size:9.5px}
@media (max-width:600px){svg.chart{font-size:14px}svg .label{font-size:14px}svg .small{font-size:12px}.fig .value{font-size:1.25rem}}
.legend{list-style:none;padding:0;margin:6px 0 0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.85rem}
.legend li{display:flex;align-items:center;gap:4px}
.note{font-size:.85rem;color:#444}
details{margin-top:6px;font-size:.85rem}
summary{cursor:pointer;color:#0a4f8a}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:6px 0;font-size:.88rem}
th,td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
table.data td{font-variant-numeric:tabular-nums}
.doc p,.doc li{overflow-wrap:anywhere}
ul.items{padding-left:1.2em}
.check{font-weight:bold}
footer{margin:2em 0 1em;font-size:.8rem;color:#555}
@page{size:A4;margin:14mm}
@media print{
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:10.5pt}
main{max-width:none;padding:0}
.charts{grid-template-columns:1fr 1fr;gap:8px}
figure{border:none;padding:0}
details{display:none}
.scroll{overflow:visible}
a{color:inherit}
}
`
