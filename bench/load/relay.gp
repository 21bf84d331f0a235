# Relay throughput and latency over time, from fenliu-load's per-second series.
#   gnuplot -e "series='bench/out/relay_series.csv'; output='bench/out/relay.svg'" relay.gp
set terminal svg size 960,440 dynamic font "sans,12" background rgb "white"
set output output
set datafile separator ","
set title "fenliu relay: delivered messages/s and latency per second (stepped target rates)"
set xlabel "time (s)"
set ylabel "messages delivered per second"
set y2label "latency (ms, log scale)"
set ytics nomirror
set y2tics
set logscale y2
set yrange [0:*]
set grid ytics
set key top left
plot series using 1:2 skip 1 with lines lw 2 lc rgb "#1f77b4" axes x1y1 title "msgs/s", \
     series using 1:($3 > 0 ? $3 / 1000.0 : 1/0) skip 1 with lines lw 1.5 lc rgb "#2ca02c" axes x1y2 title "p50 latency", \
     series using 1:($4 > 0 ? $4 / 1000.0 : 1/0) skip 1 with lines lw 1.5 lc rgb "#d62728" axes x1y2 title "p99 latency"
