//! Charts: line charts of yearly series as SVG (drawn here, no plotting
//! library), and PNG rendered from that SVG with resvg.

use std::fmt::Write as _;
use std::path::Path;

use crate::error::SinkError;

/// One line of a chart: a name and (year, value) points.
#[derive(Debug, Clone)]
pub struct Line {
    pub name: String,
    pub points: Vec<(i32, f64)>,
}

const COLORS: [&str; 10] = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A readable number: 1.2 bn, 350 mn, 4.5 k, 1.25.
pub fn human(v: f64) -> String {
    let a = v.abs();
    if a >= 1e9 {
        format!("{:.1} bn", v / 1e9)
    } else if a >= 1e6 {
        format!("{:.1} mn", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.0} k", v / 1e3)
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

fn nice_step(span: f64, ticks: f64) -> f64 {
    let raw = span / ticks;
    let mag = 10f64.powf(raw.log10().floor());
    let n = raw / mag;
    let m = if n <= 1.0 { 1.0 } else if n <= 2.0 { 2.0 } else if n <= 5.0 { 5.0 } else { 10.0 };
    m * mag
}

/// An SVG line chart: years on x, values on y, one colour per line, a legend.
pub fn svg(title: &str, y_label: &str, lines: &[Line]) -> String {
    let (w, h) = (880.0, 480.0);
    let (left, right, top, bottom) = (90.0, 190.0, 50.0, 60.0);
    let pts: Vec<(i32, f64)> = lines.iter().flat_map(|l| l.points.iter().copied()).filter(|(_, v)| v.is_finite()).collect();
    let mut out = String::new();
    let _ = write!(out, r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="DejaVu Sans, Arial, sans-serif">"#);
    let _ = write!(out, r#"<rect width="{w}" height="{h}" fill="white"/><text x="{}" y="28" font-size="18" text-anchor="middle" font-weight="bold">{}</text>"#, (left + w - right) / 2.0, esc(title));
    if pts.is_empty() {
        let _ = write!(out, r#"<text x="{}" y="{}" font-size="14" text-anchor="middle">no data</text></svg>"#, w / 2.0, h / 2.0);
        return out;
    }
    let (x0, x1) = (pts.iter().map(|p| p.0).min().unwrap_or(0), pts.iter().map(|p| p.0).max().unwrap_or(0));
    let (x0, x1) = if x0 == x1 { (x0 - 1, x1 + 1) } else { (x0, x1) };
    let lo = pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min).min(0.0);
    let hi = pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let hi = if hi <= lo { lo + 1.0 } else { hi };
    let step = nice_step(hi - lo, 5.0);
    let (lo, hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    let px = |x: i32| left + (x - x0) as f64 / (x1 - x0) as f64 * (w - left - right);
    let py = |y: f64| h - bottom - (y - lo) / (hi - lo) * (h - top - bottom);
    // grid and y ticks
    let mut t = lo;
    while t <= hi + step / 2.0 {
        let y = py(t);
        let _ = write!(out, r##"<line x1="{left}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#e0e0e0"/><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end">{}</text>"##, w - right, left - 8.0, y + 4.0, esc(&human(t)));
        t += step;
    }
    // x ticks: every year, or every few years
    let every = ((x1 - x0) / 12 + 1).max(1);
    for x in (x0..=x1).filter(|x| (x - x0) % every == 0) {
        let _ = write!(out, r##"<line x1="{0:.1}" y1="{1:.1}" x2="{0:.1}" y2="{2:.1}" stroke="#999"/><text x="{0:.1}" y="{3:.1}" font-size="12" text-anchor="middle">{x}</text>"##, px(x), h - bottom, h - bottom + 5.0, h - bottom + 20.0);
    }
    let _ = write!(out, r##"<line x1="{left}" y1="{0}" x2="{1}" y2="{0}" stroke="#333"/><line x1="{left}" y1="{top}" x2="{left}" y2="{0}" stroke="#333"/>"##, h - bottom, w - right);
    let _ = write!(out, r#"<text x="18" y="{0}" font-size="13" text-anchor="middle" transform="rotate(-90 18 {0})">{1}</text>"#, (top + h - bottom) / 2.0, esc(y_label));
    for (k, l) in lines.iter().enumerate() {
        let c = COLORS[k % COLORS.len()];
        let mut p: Vec<(i32, f64)> = l.points.iter().copied().filter(|(_, v)| v.is_finite()).collect();
        p.sort_by_key(|q| q.0);
        // lines join consecutive years only: a gap in the data stays a gap
        for run in p.chunk_by(|a, b| b.0 == a.0 + 1) {
            if run.len() > 1 {
                let d: Vec<String> = run.iter().map(|(x, y)| format!("{:.1},{:.1}", px(*x), py(*y))).collect();
                let _ = write!(out, r#"<polyline fill="none" stroke="{c}" stroke-width="2.5" points="{}"/>"#, d.join(" "));
            }
        }
        for (x, y) in &p {
            let _ = write!(out, r#"<circle cx="{:.1}" cy="{:.1}" r="4" fill="{c}"><title>{} {x}: {}</title></circle>"#, px(*x), py(*y), esc(&l.name), esc(&human(*y)));
        }
        let ly = top + 10.0 + 22.0 * k as f64;
        let _ = write!(out, r#"<rect x="{:.1}" y="{:.1}" width="14" height="14" fill="{c}"/><text x="{:.1}" y="{:.1}" font-size="13">{}</text>"#, w - right + 16.0, ly - 11.0, w - right + 36.0, ly, esc(&l.name));
    }
    out.push_str("</svg>");
    out
}

/// Renders an SVG to a PNG file.
pub fn write_png(svg: &str, path: &Path) -> Result<(), SinkError> {
    let err = |m: String| SinkError::Write { path: path.to_path_buf(), message: m };
    let mut opt = resvg::usvg::Options::default();
    opt.fontdb_mut().load_system_fonts();
    let tree = resvg::usvg::Tree::from_str(svg, &opt).map_err(|e| err(e.to_string()))?;
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| err("empty chart".into()))?;
    resvg::render(&tree, resvg::tiny_skia::Transform::default(), &mut pixmap.as_mut());
    let png = pixmap.encode_png().map_err(|e| err(e.to_string()))?;
    write_atomic(path, &png)
}

/// Writes bytes to a file through a temp file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SinkError> {
    let (atomic, mut f) = crate::storage::AtomicFile::create(path)?;
    std::io::Write::write_all(&mut f, bytes).map_err(|e| SinkError::Io { path: path.to_path_buf(), source: e })?;
    atomic.commit(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_has_a_line_and_a_legend_entry_per_series() {
        let lines = vec![
            Line { name: "CHN".into(), points: vec![(2020, 1e9), (2021, 1.5e9), (2022, 2e9)] },
            Line { name: "UZB".into(), points: vec![(2021, 3e8), (2022, 4e8)] },
        ];
        let s = svg("Exports", "USD", &lines);
        assert_eq!(s.matches("<polyline").count(), 2);
        let gap = svg("t", "y", &[Line { name: "a".into(), points: vec![(2016, 1.0), (2020, 2.0), (2021, 3.0)] }]);
        assert_eq!(gap.matches("<polyline").count(), 1);
        assert_eq!(s.matches("<circle").count(), 5);
        assert!(s.contains(">CHN</text>") && s.contains(">UZB</text>") && s.contains(">2021</text>"));
        assert!(s.contains("2.0 bn"), "{s}");
    }

    #[test]
    fn png_renders() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.png");
        write_png(&svg("t", "y", &[Line { name: "a".into(), points: vec![(2020, 1.0), (2021, 2.0)] }]), &p).unwrap();
        let bytes = std::fs::read(&p).unwrap();
        assert_eq!(&bytes[1..4], b"PNG");
    }

    #[test]
    fn human_numbers() {
        assert_eq!(human(8.5e9), "8.5 bn");
        assert_eq!(human(84e6), "84.0 mn");
        assert_eq!(human(1.25), "1.25");
    }
}
