//! An error as JSON: `{"code", "message", "context"}`, the context's values as text
//! (SPEC §9).

use super::Error;

impl serde::Serialize for Error {
    /// Serialises as `{"code": ..., "message": ..., "context": {...}}`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Ctx<'a>(&'a [(&'static str, String)]);
        impl serde::Serialize for Ctx<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut m = serializer.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
        let ctx = self.context();
        let mut m = serializer.serialize_map(Some(3))?;
        m.serialize_entry("code", self.code())?;
        m.serialize_entry("message", &self.message())?;
        m.serialize_entry("context", &Ctx(&ctx))?;
        m.end()
    }
}
