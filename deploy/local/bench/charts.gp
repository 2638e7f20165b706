# Charts of a bench run: gnuplot -e "results='results.tsv'; out='dir'" charts.gp
# results.tsv: group, key, label, per second, p50 ms, p99 ms, failures (tab-separated; '#' lines are comments).
# Horizontal bars, one row per measurement, first row on top, the value printed at the end of each bar.
# A chart whose group has no rows (a partial run: ./suite bench execute) is not drawn. Rows of group "cpu" (CPU ms per
# execution: key <connections>-<service|gateway|mcp>-<process>, value in column 4) make execute-cpu.png; rows of group
# "cpu-drained" (the same, sampled once the stack drained) are not drawn.
set datafile separator "\t"
set datafile missing "-"
set terminal pngcairo size 1100,300 font "DejaVu Sans,10" noenhanced
set style fill solid 0.85 border -1
set grid xtics
set key outside right top
set lmargin 44
set rmargin 18
set ytics scale 0
set offsets 0, graph 0.12, 0.5, 0.5
set autoscale xfixmax
set yrange [*:*] reverse
rows(group) = sprintf("< awk -F'\t' '$1 == \"%s\"' '%s'", group, results)
machine = system(sprintf("sed -n 's/^# //p' '%s' | head -n 1", results))
low = 0
# bars of column c, shifted by dy within the row (two series share a row), from `low`; values at the bar ends
bars(c, dy, h) = sprintf("using (column(%d)):($0+%g):(low):(column(%d)):($0+%g-%g):($0+%g+%g) with boxxyerror", c, dy, c, dy, h, dy, h)
rate = bars(4, 0, 0.3)
p50 = bars(5, -0.18, 0.16)
p99 = bars(6, 0.18, 0.16)
# the row labels, once per row (a series at the row's centre that draws nothing)
names = "using (low):0:ytic(3) with dots lc rgb 'white' notitle"
has(group) = int(system(sprintf("awk -F'\t' '$1 == \"%s\"' '%s' | wc -l", group, results))) > 0

# Execute path against the stub called directly (log scale: the stub is two orders of magnitude faster).
if (has("execute")) {
set output out."/execute.png"
set terminal pngcairo size 1100,760 font "DejaVu Sans,10" noenhanced
set multiplot layout 2,1 title "Execute path vs the stub called directly (wrk, same run)\n".machine
set logscale x
low = 1
set title "requests/s (log scale)"
plot rows("execute") @names, \
     '' @rate lc rgb "#4472c4" title "requests/s", \
     '' using 4:0:(sprintf(" %.0f", $4)) with labels left notitle
set title "latency, ms (log scale)"
low = 0.01
plot rows("execute") @names, \
     '' @p50 lc rgb "#70ad47" title "p50", \
     '' @p99 lc rgb "#ed7d31" title "p99", \
     '' using 5:($0-0.18):(sprintf(" %.2f", $5)) with labels left notitle, \
     '' using 6:($0+0.18):(sprintf(" %.2f", $6)) with labels left notitle
unset multiplot
unset logscale x
}
low = 0

# CPU per execution and process, one panel per connection count: direct to execution-service and through the gateway.
if (has("cpu")) {
# (no braces in these strings: gnuplot would count them as the block's)
cpu_counts = system(sprintf("awk -F'\t' '$1 == \"cpu\"' '%s' | cut -f2 | cut -d- -f1 | uniq | tr '\n' ' '", results))
cpu_rows(prefix) = sprintf("< awk -F'\t' '$1 == \"cpu\" && index($2, \"%s\") == 1' '%s'", prefix, results)
set output out."/execute-cpu.png"
set terminal pngcairo size 1100,(80 + 380 * words(cpu_counts)) font "DejaVu Sans,10" noenhanced
set multiplot layout words(cpu_counts),1 title "Execute path and MCP tools/call: CPU ms per successful execution, per process (/proc, same run)\n".machine
set xrange [0:*]
# (inside a loop the macros @names and @bars are not expanded: their using specs are written out)
do for [c in cpu_counts] {
  set title sprintf("%s connections", c)
  direct = cpu_rows(c."-service-")
  gateway = cpu_rows(c."-gateway-")
  mcp = cpu_rows(c."-mcp-")
  plot direct using (low):0:ytic(3) with dots lc rgb 'white' notitle, \
       '' using 4:($0-0.26):(low):4:($0-0.38):($0-0.14) with boxxyerror lc rgb 0x4472c4 \
          title "direct to execution-service", \
       '' using 4:($0-0.26):(sprintf(" %.1f", $4)) with labels left notitle, \
       gateway using 4:($0):(low):4:($0-0.12):($0+0.12) with boxxyerror lc rgb 0xa5a5a5 \
          title "through the gateway", \
       '' using 4:($0):(sprintf(" %.1f", $4)) with labels left notitle, \
       mcp using 4:($0+0.26):(low):4:($0+0.14):($0+0.38) with boxxyerror lc rgb 0x70ad47 \
          title "MCP tools/call through the gateway", \
       '' using 4:($0+0.26):(sprintf(" %.1f", $4)) with labels left notitle
}
unset multiplot
unset xrange
}

# Config list with 10,000 connectors in the org, against the same run's baselines.
if (has("config-list")) {
set output out."/config-list.png"
set terminal pngcairo size 1100,620 font "DejaVu Sans,10" noenhanced
set multiplot layout 2,1 title "GET /v1/connectors, 10,000 connectors in one org (wrk through the gateway)\n".machine
set title "latency, ms"
set xrange [0:*]
plot rows("config-list") @names, \
     '' @p50 lc rgb "#70ad47" title "p50", \
     '' @p99 lc rgb "#ed7d31" title "p99", \
     '' using 5:($0-0.18):(sprintf(" %.0f", $5)) with labels left notitle, \
     '' using 6:($0+0.18):(sprintf(" %.0f", $6)) with labels left notitle
set title "requests/s"
plot rows("config-list") @names, \
     '' @rate lc rgb "#4472c4" title "requests/s", \
     '' using 4:0:(sprintf(" %.0f", $4)) with labels left notitle
unset multiplot
unset xrange
}

# MCP tools/list with thousands of connectors in the org, against the 50 ms p99 target and a ping baseline.
if (has("mcp-list")) {
set output out."/mcp-list.png"
set terminal pngcairo size 1100,420 font "DejaVu Sans,10" noenhanced
set title "MCP tools/list through the gateway, an org with thousands of connectors (wrk), latency ms\n".machine
# at least up to 60 ms, so the target line shows
set xrange [0:60<*]
set arrow 2 from 50, graph 0 to 50, graph 1 nohead dt 2 lw 2 lc rgb "#c00000"
set label 2 "p99 target: 50 ms" at 50, graph 1.04 center textcolor rgb "#c00000"
plot rows("mcp-list") @names, \
     '' @p50 lc rgb "#70ad47" title "p50", \
     '' @p99 lc rgb "#ed7d31" title "p99", \
     '' using 5:($0-0.18):(sprintf(" %.1f", $5)) with labels left notitle, \
     '' using 6:($0+0.18):(sprintf(" %.1f", $6)) with labels left notitle
unset arrow 2
unset label 2
unset xrange
}

# Audit trail: durable, hash-chained appends and verification.
if (has("audit")) {
set output out."/audit.png"
set terminal pngcairo size 1100,320 font "DejaVu Sans,10" noenhanced
set title "Audit trail, records/s (PostgreSQL with fsync and synchronous commit)\n".machine
plot rows("audit") @names, \
     '' @rate lc rgb "#4472c4" title "records/s", \
     '' using 4:0:(sprintf(" %.0f", $4)) with labels left notitle
}
unset xrange

# Policy decisions on one thread, against the 200,000 decisions/s per core target.
if (has("policy")) {
set output out."/policy.png"
set terminal pngcairo size 1100,460 font "DejaVu Sans,10" noenhanced
set format x "%.0f"
set multiplot layout 2,1 title "Policy decisions, 100 rules, one thread (JMH)\n".machine
set logscale x
low = 1000
set xrange [1000:*]
set arrow 1 from 200000, graph 0 to 200000, graph 1 nohead dt 2 lw 2 lc rgb "#c00000"
set label 1 "target: 200,000 per core" at 200000, graph 1.05 center textcolor rgb "#c00000"
set title "decisions/s (log scale)" offset 0,1
set tmargin 5
plot rows("policy") @names, \
     '' @rate lc rgb "#4472c4" title "decisions/s", \
     '' using 4:0:(sprintf(" %.0f", $4)) with labels left notitle
unset arrow 1
unset label 1
set title "latency, µs (log scale)" offset 0,0
set format x "%g"
set tmargin 3
low = 0.1
set xrange [0.1:*]
plot rows("policy") @names, \
     '' using ($5*1000):($0-0.18):(low):($5*1000):($0-0.34):($0-0.02) with boxxyerror \
        lc rgb "#70ad47" title "p50", \
     '' using ($6*1000):($0+0.18):(low):($6*1000):($0+0.02):($0+0.34) with boxxyerror lc rgb "#ed7d31" title "p99", \
     '' using ($5*1000):($0-0.18):(sprintf(" %.1f", $5*1000)) with labels left notitle, \
     '' using ($6*1000):($0+0.18):(sprintf(" %.1f", $6*1000)) with labels left notitle
unset multiplot
}
