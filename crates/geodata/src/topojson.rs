//! A TopoJSON decoder for polygon layers: reads a topology, undoes the
//! quantisation (`transform`: delta-encoded integer arcs, then scale and
//! translate), stitches each ring from its arcs (a negative index `~i` is arc
//! `i` reversed) and yields one [`Feature`] per geometry with its `id`, its
//! `name` property and its polygons as plain longitude/latitude rings.
//!
//! Only what boundary layers use is supported: `Polygon`, `MultiPolygon`,
//! geometry collections of them, and null geometries (no polygons). Points and
//! lines are refused rather than silently dropped. Every error names the file
//! and what is wrong with it.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use sitrep_geo::boundaries::{Polygon, Position};

use crate::install::GeodataError;

/// One geometry of a TopoJSON object.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// The geometry's `id`, as text (`"250"`); numbers are formatted.
    pub id: Option<String>,
    /// `properties.name`.
    pub name: Option<String>,
    pub polygons: Vec<Polygon>,
}

#[derive(Deserialize)]
struct Topology {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    transform: Option<Transform>,
    arcs: Vec<Vec<Vec<f64>>>,
    objects: serde_json::Map<String, Value>,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

/// Decodes the object `object` of the TopoJSON text `text`, read from `path`
/// (named in errors).
pub fn decode(text: &str, object: &str, path: &Path) -> Result<Vec<Feature>, GeodataError> {
    let fail = |reason: String| GeodataError::Format {
        path: path.to_path_buf(),
        reason,
    };
    let topology: Topology =
        serde_json::from_str(text).map_err(|e| fail(format!("not TopoJSON: {e}")))?;
    if topology.kind != "Topology" {
        return Err(fail(format!(
            "type is {:?}, a TopoJSON file has type \"Topology\"",
            topology.kind
        )));
    }
    let arcs = decode_arcs(&topology.arcs, topology.transform.as_ref()).map_err(&fail)?;
    let root = topology.objects.get(object).ok_or_else(|| {
        let known: Vec<&str> = topology.objects.keys().map(String::as_str).collect();
        fail(format!(
            "no object {object:?} (objects: {})",
            known.join(", ")
        ))
    })?;
    let mut features = Vec::new();
    collect(root, &arcs, &mut features, &format!("objects.{object}")).map_err(&fail)?;
    Ok(features)
}

/// Absolute positions of every arc.
fn decode_arcs(
    arcs: &[Vec<Vec<f64>>],
    transform: Option<&Transform>,
) -> Result<Vec<Vec<Position>>, String> {
    arcs.iter()
        .enumerate()
        .map(|(i, arc)| {
            let (mut x, mut y) = (0.0, 0.0);
            arc.iter()
                .map(|p| {
                    let &[px, py, ..] = p.as_slice() else {
                        return Err(format!("arc {i} has a position with fewer than 2 numbers"));
                    };
                    Ok(match transform {
                        Some(t) => {
                            x += px;
                            y += py;
                            [
                                x * t.scale[0] + t.translate[0],
                                y * t.scale[1] + t.translate[1],
                            ]
                        }
                        None => [px, py],
                    })
                })
                .collect()
        })
        .collect()
}

fn collect(
    geometry: &Value,
    arcs: &[Vec<Position>],
    out: &mut Vec<Feature>,
    at: &str,
) -> Result<(), String> {
    let kind = geometry.get("type").and_then(Value::as_str);
    let id = match geometry.get("id") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let name = geometry
        .get("properties")
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let arcs_of = || {
        geometry
            .get("arcs")
            .ok_or_else(|| format!("{at}: {} without arcs", kind.unwrap_or("geometry")))
    };
    let polygons = match kind {
        Some("GeometryCollection") => {
            let members = geometry
                .get("geometries")
                .and_then(Value::as_array)
                .ok_or_else(|| format!("{at}: GeometryCollection without geometries"))?;
            for (i, member) in members.iter().enumerate() {
                collect(member, arcs, out, &format!("{at}.geometries[{i}]"))?;
            }
            return Ok(());
        }
        Some("Polygon") => vec![polygon(arcs_of()?, arcs, at)?],
        Some("MultiPolygon") => array(arcs_of()?, at)?
            .iter()
            .enumerate()
            .map(|(i, p)| polygon(p, arcs, &format!("{at}.arcs[{i}]")))
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
        Some(other) => {
            return Err(format!(
                "{at}: unsupported geometry type {other:?} (only Polygon, MultiPolygon and GeometryCollection)"
            ));
        }
    };
    let polygons = polygons.into_iter().flatten().collect();
    out.push(Feature { id, name, polygons });
    Ok(())
}

fn array<'a>(value: &'a Value, at: &str) -> Result<&'a Vec<Value>, String> {
    value
        .as_array()
        .ok_or_else(|| format!("{at}: expected an array of arc indices, found {value}"))
}

/// A polygon from its rings' arc indices; `None` when the exterior is degenerate.
fn polygon(value: &Value, arcs: &[Vec<Position>], at: &str) -> Result<Option<Polygon>, String> {
    let mut rings = Vec::new();
    for (i, ring) in array(value, at)?.iter().enumerate() {
        let at = format!("{at}[{i}]");
        let indices = array(ring, &at)?
            .iter()
            .map(|v| {
                v.as_i64()
                    .ok_or_else(|| format!("{at}: arc index {v} is not an integer"))
            })
            .collect::<Result<Vec<i64>, String>>()?;
        rings.push(stitch(&indices, arcs, &at)?);
    }
    let mut rings = rings.into_iter();
    let Some(exterior) = rings.next() else {
        return Ok(None);
    };
    if exterior.len() < 4 {
        return Ok(None);
    }
    let holes = rings.filter(|r| r.len() >= 4).collect();
    Ok(Some(Polygon::new(exterior, holes)))
}

/// One ring from its arcs; each arc after the first starts where the previous
/// one ended, so its first position is skipped.
fn stitch(indices: &[i64], arcs: &[Vec<Position>], at: &str) -> Result<Vec<Position>, String> {
    let mut ring: Vec<Position> = Vec::new();
    for &index in indices {
        let (arc, reversed) = if index < 0 {
            (!index, true)
        } else {
            (index, false)
        };
        let arc = usize::try_from(arc)
            .ok()
            .and_then(|a| arcs.get(a))
            .ok_or_else(|| {
                format!(
                    "{at}: arc index {index} out of range (the topology has {} arcs)",
                    arcs.len()
                )
            })?;
        let skip = usize::from(!ring.is_empty());
        if reversed {
            ring.extend(arc.iter().rev().skip(skip));
        } else {
            ring.extend(arc.iter().skip(skip));
        }
    }
    if let (Some(&first), Some(&last)) = (ring.first(), ring.last())
        && first != last
    {
        ring.push(first);
    }
    Ok(ring)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_str(text: &str) -> Result<Vec<Feature>, GeodataError> {
        decode(text, "countries", Path::new("t.json"))
    }

    /// Two unit squares sharing arc 1 (the edge lon = 11; `~1` is written
    /// `-2` before parsing, as JSON has no `~`), quantised with a
    /// scale of 0.5 and a translate of (10, 20).
    const TWO_SQUARES: &str = r#"{
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
        "arcs": [
            [[2, 0], [-2, 0], [0, 2], [2, 0]],
            [[2, 2], [0, -2]],
            [[2, 2], [2, 0], [0, -2], [-2, 0]]
        ],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "id": "001", "properties": {"name": "West"}, "arcs": [[0, 1]]},
            {"type": "MultiPolygon", "id": 2, "arcs": [[[~1, 2]]]},
            {"type": null, "id": "-99", "properties": {"name": "Nowhere"}}
        ]}}
    }"#;

    #[test]
    fn quantised_arcs_shared_and_reversed() {
        let text = TWO_SQUARES.replace("~1", "-2");
        let features = decode_str(&text).unwrap();
        assert_eq!(features.len(), 3);
        let west = &features[0];
        assert_eq!(
            (west.id.as_deref(), west.name.as_deref()),
            (Some("001"), Some("West"))
        );
        assert_eq!(
            west.polygons[0].exterior,
            vec![
                [11.0, 20.0],
                [10.0, 20.0],
                [10.0, 21.0],
                [11.0, 21.0],
                [11.0, 20.0]
            ]
        );
        let east = &features[1];
        assert_eq!(east.id.as_deref(), Some("2"));
        assert_eq!(
            east.polygons[0].exterior,
            vec![
                [11.0, 20.0],
                [11.0, 21.0],
                [12.0, 21.0],
                [12.0, 20.0],
                [11.0, 20.0]
            ]
        );
        assert!(features[2].polygons.is_empty());
    }

    #[test]
    fn errors_name_the_file_and_the_fault() {
        let bad_index = TWO_SQUARES
            .replace("[[0, 1]]", "[[0, 7]]")
            .replace("~1", "-2");
        let e = decode_str(&bad_index).unwrap_err().to_string();
        assert!(e.starts_with("t.json: "), "{e}");
        assert!(e.contains("arc index 7 out of range"), "{e}");
        assert!(e.contains("geometries[0]"), "{e}");
        let e = decode(
            &TWO_SQUARES.replace("~1", "-2"),
            "land",
            Path::new("t.json"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("no object \"land\""), "{e}");
        let e = decode_str("{\"type\": \"FeatureCollection\"}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not TopoJSON"), "{e}");
        let point = TWO_SQUARES.replace("\"MultiPolygon\"", "\"Point\"");
        let e = decode_str(&point.replace("~1", "-2"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unsupported geometry type \"Point\""), "{e}");
    }
}
