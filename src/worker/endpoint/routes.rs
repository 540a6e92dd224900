//! The router: a table of (method, path pattern, handler). A pattern is `/`-separated literal
//! segments and `{name}` placeholders; the first route whose pattern and method match wins,
//! so literal routes are listed before placeholder ones that could also match. Later
//! resources are more rows in a table, nothing else changes.

use super::reply::{ApiError, Reply};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn parse(s: &str) -> Option<Method> {
        Some(match s {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One request as a handler sees it: the placeholders' values, the query string, the body.
#[derive(Debug, Default)]
pub struct Call {
    pub params: Vec<(&'static str, String)>,
    pub query: String,
    pub body: Vec<u8>,
}

impl Call {
    /// A placeholder's value (percent-decoded); every placeholder in the pattern has one.
    pub fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// A handler gets the server's state `S` (the database, the clock, the settings).
pub type Handler<S> = fn(&mut S, &Call) -> Result<Reply, ApiError>;

pub struct Route<S> {
    pub method: Method,
    pub pattern: &'static str,
    pub handler: Handler<S>,
}

impl<S> Route<S> {
    pub fn new(method: Method, pattern: &'static str, handler: Handler<S>) -> Route<S> {
        Route {
            method,
            pattern,
            handler,
        }
    }
}

pub struct Router<S> {
    routes: Vec<Route<S>>,
}

/// What a path and method found.
pub enum Found<S> {
    Route(Handler<S>, Vec<(&'static str, String)>),
    NotFound,
    /// The path exists for these methods only.
    WrongMethod(Vec<&'static str>),
}

impl<S> Router<S> {
    pub fn new(routes: Vec<Route<S>>) -> Router<S> {
        Router { routes }
    }

    /// The handler for `method` on `path` (without the query string).
    pub fn find(&self, method: Option<Method>, path: &str) -> Found<S> {
        let mut allowed = Vec::new();
        for route in &self.routes {
            let Some(params) = match_pattern(route.pattern, path) else {
                continue;
            };
            if Some(route.method) == method {
                return Found::Route(route.handler, params);
            }
            if !allowed.contains(&route.method.as_str()) {
                allowed.push(route.method.as_str());
            }
        }
        if allowed.is_empty() {
            Found::NotFound
        } else {
            Found::WrongMethod(allowed)
        }
    }
}

fn match_pattern(pattern: &'static str, path: &str) -> Option<Vec<(&'static str, String)>> {
    let mut want = pattern.split('/');
    let mut got = path.split('/');
    let mut params = Vec::new();
    loop {
        match (want.next(), got.next()) {
            (None, None) => return Some(params),
            (Some(w), Some(g)) => {
                if let Some(name) = w.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
                    if g.is_empty() {
                        return None;
                    }
                    let value = percent_encoding::percent_decode_str(g)
                        .decode_utf8()
                        .ok()?
                        .into_owned();
                    params.push((name, value));
                } else if w != g {
                    return None;
                }
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn named(name: &'static str) -> Handler<Vec<&'static str>> {
        match name {
            "list" => |s, _| {
                s.push("list");
                Ok(Reply::ok(json!([])))
            },
            "get" => |s, c| {
                s.push("get");
                Ok(Reply::ok(json!(c.param("id"))))
            },
            _ => |s, _| {
                s.push("patch");
                Ok(Reply::ok(json!(null)))
            },
        }
    }

    fn router() -> Router<Vec<&'static str>> {
        let r = |method, pattern, name| Route {
            method,
            pattern,
            handler: named(name),
        };
        Router::new(vec![
            r(Method::Get, "/api/v1/things/pending", "list"),
            r(Method::Get, "/api/v1/things/{id}", "get"),
            r(Method::Patch, "/api/v1/things/{id}", "patch"),
        ])
    }

    fn call(r: &Router<Vec<&'static str>>, m: Method, path: &str) -> Result<Reply, ApiError> {
        match r.find(Some(m), path) {
            Found::Route(h, params) => h(
                &mut Vec::new(),
                &Call {
                    params,
                    ..Call::default()
                },
            ),
            Found::NotFound => Err(ApiError::not_found(path)),
            Found::WrongMethod(allowed) => Err(ApiError::method_not_allowed(m.as_str(), &allowed)),
        }
    }

    #[test]
    fn literal_routes_first_then_placeholders_decoded() {
        let r = router();
        assert_eq!(
            call(&r, Method::Get, "/api/v1/things/pending").map(|r| r.body),
            Ok(json!([]))
        );
        assert_eq!(
            call(&r, Method::Get, "/api/v1/things/a%20b").map(|r| r.body),
            Ok(json!("a b"))
        );
    }

    #[test]
    fn unknown_paths_and_wrong_methods_are_told_apart() {
        let r = router();
        for path in [
            "/api/v1/thing",
            "/api/v1/things/",
            "/api/v1/things/1/x",
            "/",
        ] {
            assert_eq!(
                call(&r, Method::Get, path).map_err(|e| e.status),
                Err(404),
                "{path}"
            );
        }
        let e = call(&r, Method::Delete, "/api/v1/things/7").expect_err("no DELETE");
        assert_eq!(e.status, 405);
        assert_eq!(e.headers, vec![("Allow", "GET, PATCH".to_string())]);
        assert!(matches!(
            r.find(None, "/api/v1/things/7"),
            Found::WrongMethod(_)
        ));
    }
}
