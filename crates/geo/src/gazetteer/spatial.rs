//! Nearest-place search: an implicit k-d tree over unit vectors on the sphere.
//! Straight-line (chord) distance between unit vectors grows with great-circle
//! distance, so the tree's plain Euclidean search is exact on the globe — no
//! special cases at the poles or the antimeridian, unlike a lat/lon grid. The
//! tree is one array reordered by recursive median splits (axis x, y, z in
//! turn); a node is the median of its slice, so it needs no pointers.

/// Mean Earth radius (km), the one [`haversine_km`] and the tree use.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Below this many points a slice is scanned rather than split.
const LEAF: usize = 8;

/// A unit vector for a latitude and longitude in degrees.
pub(crate) fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let (lat, lon) = (lat.to_radians(), lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// Great-circle distance in km between two points in degrees.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

fn chord2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let (x, y, z) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    x * x + y * y + z * z
}

/// The tree: points with the index of the item each belongs to.
#[derive(Debug, Clone, Default)]
pub(crate) struct KdTree {
    points: Vec<([f64; 3], u32)>,
}

impl KdTree {
    pub(crate) fn build(mut points: Vec<([f64; 3], u32)>) -> KdTree {
        // Sorting by id first makes the layout independent of the input order.
        points.sort_unstable_by_key(|p| p.1);
        split(&mut points, 0);
        KdTree { points }
    }

    /// The item nearest to `target` (a unit vector) and its squared chord
    /// distance; ties go to the lower item index.
    pub(crate) fn nearest(&self, target: &[f64; 3]) -> Option<(u32, f64)> {
        let mut best: Option<(u32, f64)> = None;
        search(&self.points, target, 0, &mut best);
        best
    }
}

fn split(points: &mut [([f64; 3], u32)], depth: usize) {
    if points.len() <= LEAF {
        return;
    }
    let axis = depth % 3;
    let mid = points.len() / 2;
    points.select_nth_unstable_by(mid, |a, b| {
        a.0[axis].total_cmp(&b.0[axis]).then(a.1.cmp(&b.1))
    });
    let (left, right) = points.split_at_mut(mid);
    split(left, depth + 1);
    if let Some((_, right)) = right.split_first_mut() {
        split(right, depth + 1);
    }
}

fn consider(best: &mut Option<(u32, f64)>, id: u32, d2: f64) {
    let better = match *best {
        None => true,
        Some((best_id, best_d2)) => d2 < best_d2 || (d2 == best_d2 && id < best_id),
    };
    if better {
        *best = Some((id, d2));
    }
}

fn search(
    points: &[([f64; 3], u32)],
    target: &[f64; 3],
    depth: usize,
    best: &mut Option<(u32, f64)>,
) {
    if points.len() <= LEAF {
        for (p, id) in points {
            consider(best, *id, chord2(p, target));
        }
        return;
    }
    let axis = depth % 3;
    let mid = points.len() / 2;
    let (left, rest) = points.split_at(mid);
    let Some(((p, id), right)) = rest.split_first() else {
        return;
    };
    consider(best, *id, chord2(p, target));
    let diff = target[axis] - p[axis];
    let (near, far) = if diff < 0.0 {
        (left, right)
    } else {
        (right, left)
    };
    search(near, target, depth + 1, best);
    // The far side can only hold points at least |diff| away along this axis.
    if best.is_none_or(|(_, d2)| diff * diff <= d2) {
        search(far, target, depth + 1, best);
    }
}

/// Converts a squared chord distance on the unit sphere into km.
pub(crate) fn chord2_to_km(d2: f64) -> f64 {
    2.0 * EARTH_RADIUS_KM * (d2.sqrt() / 2.0).min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_same_point_as_a_linear_scan() {
        // A deterministic scatter, denser in some places, across the
        // antimeridian and near the poles.
        let mut seed = 42u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let coords: Vec<(f64, f64)> = (0..3000)
            .map(|_| (next() * 180.0 - 90.0, next() * 360.0 - 180.0))
            .collect();
        let tree = KdTree::build(
            coords
                .iter()
                .enumerate()
                .map(|(i, (lat, lon))| (unit_vector(*lat, *lon), i as u32))
                .collect(),
        );
        for _ in 0..500 {
            let (lat, lon) = (next() * 180.0 - 90.0, next() * 360.0 - 180.0);
            let (id, d2) = tree
                .nearest(&unit_vector(lat, lon))
                .unwrap_or_else(|| panic!("empty"));
            let linear = coords
                .iter()
                .map(|(a, b)| haversine_km(lat, lon, *a, *b))
                .fold(f64::INFINITY, f64::min);
            let (a, b) = coords[id as usize];
            assert!((haversine_km(lat, lon, a, b) - linear).abs() < 1e-6);
            assert!((chord2_to_km(d2) - linear).abs() < 1e-3);
        }
        assert!(
            KdTree::build(Vec::new())
                .nearest(&[1.0, 0.0, 0.0])
                .is_none()
        );
    }

    #[test]
    fn haversine_matches_known_distances() {
        // Paris – London ≈ 344 km; across the antimeridian on the equator 1° ≈ 111 km.
        let d = haversine_km(48.8534, 2.3488, 51.5085, -0.1257);
        assert!((d - 344.0).abs() < 2.0, "{d}");
        let d = haversine_km(0.0, 179.5, 0.0, -179.5);
        assert!((d - 111.2).abs() < 0.5, "{d}");
    }
}
