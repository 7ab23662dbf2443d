//! Draws how time and memory grow with the corpus, from the rows `benches/compare/run.sh` wrote.
//!
//! ```sh
//! compare-plot results.csv scaling.svg
//! ```
//!
//! Input: CSV with the header `task,engine,quads,median_s,peak_rss_mb`. Output: one SVG with two
//! log–log panels, median wall time (seconds) and peak resident memory (MB) against quads, one line
//! per task and engine that was measured at more than one size.

use std::collections::BTreeMap;

use plotters::prelude::*;

type Series = BTreeMap<String, Vec<(f64, f64, f64)>>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        return Err("usage: compare-plot RESULTS.csv OUT.svg".into());
    };
    let text = std::fs::read_to_string(input).map_err(|e| format!("cannot read {input}: {e}"))?;
    let mut series = Series::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let [task, engine, quads, median, rss] = cells.as_slice() else {
            return Err(format!("{input}:{}: expected 5 comma-separated cells", n + 1).into());
        };
        let number = |s: &str| s.parse::<f64>().map_err(|_| format!("{input}:{}: '{s}' is not a number", n + 1));
        series.entry(format!("{engine}: {task}")).or_default().push((number(quads)?, number(median)?, number(rss)?));
    }
    series.retain(|_, points| points.len() > 1);
    if series.is_empty() {
        return Err(format!("{input}: no task was measured at more than one size").into());
    }

    let root = SVGBackend::new(output, (1200, 520)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(600);
    let points = || series.values().flatten();
    let x_range = bounds(points().map(|p| p.0));
    panel(&left, "median wall time (s)", x_range, bounds(points().map(|p| p.1)), &series, |p| p.1)?;
    panel(&right, "peak memory (MB)", x_range, bounds(points().map(|p| p.2)), &series, |p| p.2)?;
    root.present()?;
    Ok(())
}

/// The range of `values` widened to whole powers of ten, for a log axis.
fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    (10f64.powf(lo.max(1e-4).log10().floor()), 10f64.powf(hi.max(1e-4).log10().ceil()))
}

fn panel(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    caption: &str,
    x: (f64, f64),
    y: (f64, f64),
    series: &Series,
    value: impl Fn(&(f64, f64, f64)) -> f64,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut chart = ChartBuilder::on(area)
        .caption(caption, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d((x.0..x.1).log_scale(), (y.0..y.1).log_scale())?;
    chart.configure_mesh().x_desc("quads").x_label_formatter(&|v| format!("{v:.0e}")).draw()?;
    for (i, (name, points)) in series.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        let line: Vec<(f64, f64)> = points.iter().map(|p| (p.0, value(p))).collect();
        chart
            .draw_series(LineSeries::new(line.clone(), color.stroke_width(2)))?
            .label(name.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2)));
        chart.draw_series(line.into_iter().map(|p| Circle::new(p, 3, color.filled())))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()?;
    Ok(())
}
