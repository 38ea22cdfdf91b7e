//! Price list files: the rows of a legacy CSV price list (the page reads the file), and the
//! format of a price file.

use csp_core::price_list::{detect_format, parse_legacy_rows, PriceFileFormat};
use wasm_bindgen::prelude::*;

use crate::args::text as read_text;
use crate::convert::{js_error, to_js};

/// The rows of a legacy price list CSV (Microsoft's columns), as the core parses them:
/// `PriceRow[]` with prices as decimal strings exactly as written. A malformed file throws
/// a `CspError` (`csv_malformed`, `missing_column`, `empty_field`, `invalid_decimal`…) whose
/// context gives the 1-based `line` and `column`. An NCE sheet is refused
/// (`price_format_mismatch`: the full package's `PriceBook.addNceCsv` reads it).
#[wasm_bindgen(js_name = parsePriceList, unchecked_return_type = "PriceRow[]")]
pub fn parse_price_list(
    #[wasm_bindgen(unchecked_param_type = "string")] csv: JsValue,
) -> Result<JsValue, JsValue> {
    let rows = read_text(&csv, "price list CSV").and_then(|csv| parse_legacy_rows(&csv));
    to_js(&rows.map_err(js_error)?)
}

/// `"legacy"` or `"nce"`: the format of a price file, from its header.
#[wasm_bindgen(js_name = detectPriceFormat, unchecked_return_type = "\"legacy\" | \"nce\"")]
pub fn detect_price_format(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    let format = read_text(&text, "price file")
        .and_then(|t| detect_format(&t))
        .map_err(js_error)?;
    Ok(JsValue::from_str(match format {
        PriceFileFormat::Legacy => "legacy",
        PriceFileFormat::Nce => "nce",
    }))
}
