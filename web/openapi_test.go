package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// oaDoc fetches the OpenAPI document through the API.
func oaDoc(t *testing.T, f *fixture) map[string]any {
	t.Helper()
	r := f.as(uDonor).api("GET", "/api/v1/openapi.json", "")
	if r.status != http.StatusOK {
		t.Fatalf("openapi.json: status %d", r.status)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.body), &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return doc
}

func oaMapAt(t *testing.T, v any, keys ...string) map[string]any {
	t.Helper()
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s: not an object", strings.Join(keys, "."))
		}
		v = m[k]
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s: not an object", strings.Join(keys, "."))
	}
	return m
}

func TestOpenAPIDocumentIsValid(t *testing.T) {
	f := newFixture(t)
	doc := oaDoc(t, f)
	if doc["openapi"] != "3.0.3" {
		t.Errorf("openapi = %v, want 3.0.3", doc["openapi"])
	}
	info := oaMapAt(t, doc, "info")
	if info["title"] == "" || info["version"] == "" {
		t.Errorf("info %v", info)
	}
	if len(oaMapAt(t, doc, "paths")) == 0 {
		t.Error("no paths")
	}
	schemes := oaMapAt(t, doc, "components", "securitySchemes")
	if c := oaMapAt(t, schemes, "sessionCookie"); c["in"] != "cookie" || c["name"] != sessionCookie {
		t.Errorf("sessionCookie %v", c)
	}
	if b := oaMapAt(t, schemes, "bearerToken"); b["type"] != "http" || b["scheme"] != "bearer" {
		t.Errorf("bearerToken %v", b)
	}
	errSchema := oaMapAt(t, doc, "components", "schemas", "Error", "properties")
	for _, k := range []string{"error", "code", "fields"} {
		if _, ok := errSchema[k]; !ok {
			t.Errorf("the Error schema has no %q", k)
		}
	}

	// Every $ref resolves, operation ids are unique, every path parameter
	// is declared, every operation lists its responses.
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				if oaResolve(doc, ref) == nil {
					t.Errorf("%s: $ref %s does not resolve", at, ref)
				}
			}
			for k, x := range v {
				walk(x, at+"/"+k)
			}
		case []any:
			for i, x := range v {
				walk(x, fmt.Sprintf("%s[%d]", at, i))
			}
		}
	}
	walk(doc, "#")
	ids := map[string]string{}
	reParam := regexp.MustCompile(`\{(\w+)\}`)
	for p, item := range oaMapAt(t, doc, "paths") {
		for method, op := range item.(map[string]any) {
			op := op.(map[string]any)
			where := strings.ToUpper(method) + " " + p
			id, _ := op["operationId"].(string)
			if id == "" {
				t.Errorf("%s: no operationId", where)
			} else if other, dup := ids[id]; dup {
				t.Errorf("operationId %s used by %s and %s", id, other, where)
			}
			ids[id] = where
			if op["summary"] == "" {
				t.Errorf("%s: no summary", where)
			}
			declared := map[string]bool{}
			params, _ := op["parameters"].([]any)
			for _, prm := range params {
				prm := prm.(map[string]any)
				if prm["in"] == "path" {
					declared[prm["name"].(string)] = true
					if prm["required"] != true {
						t.Errorf("%s: path parameter %s not required", where, prm["name"])
					}
				}
			}
			for _, m := range reParam.FindAllStringSubmatch(p, -1) {
				if !declared[m[1]] {
					t.Errorf("%s: path parameter %s not declared", where, m[1])
				}
				delete(declared, m[1])
			}
			for name := range declared {
				t.Errorf("%s: declares path parameter %s that is not in the path", where, name)
			}
			resp := oaMapAt(t, op, "responses")
			for _, code := range []string{"401", "500"} {
				if _, ok := resp[code]; !ok {
					t.Errorf("%s: response %s not documented", where, code)
				}
			}
			if method != "get" {
				if _, ok := op["requestBody"]; !ok {
					t.Errorf("%s: no request body", where)
				}
				if _, ok := op["security"]; !ok {
					t.Errorf("%s: a write without its security (CSRF header with the cookie)", where)
				}
			}
		}
	}
}

// TestOpenAPIMatchesRoutes checks the document against the routes gin
// has actually registered, both ways.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	f := newFixture(t)
	doc := oaDoc(t, f)
	reParam := regexp.MustCompile(`:(\w+)`)
	registered := map[string]bool{}
	for _, rt := range f.web.engine.Routes() {
		if !strings.HasPrefix(rt.Path, "/api/v1/") {
			continue
		}
		p := reParam.ReplaceAllString(strings.TrimPrefix(rt.Path, "/api/v1"), "{$1}")
		registered[rt.Method+" "+p] = true
	}
	documented := map[string]bool{}
	for p, item := range oaMapAt(t, doc, "paths") {
		for method := range item.(map[string]any) {
			documented[strings.ToUpper(method)+" "+p] = true
		}
	}
	var missing, extra []string
	for k := range registered {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !registered[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("routes not in the OpenAPI document: %v", missing)
	}
	if len(extra) > 0 {
		t.Errorf("documented operations with no route: %v", extra)
	}
	if len(registered) < 16 {
		t.Errorf("only %d API routes registered", len(registered))
	}
	// The brief's list, so that a route dropped from both sides is noticed.
	for _, want := range []string{
		"GET /me", "GET /assessments", "POST /assessments", "GET /assessments/{id}", "POST /assessments/{id}/status",
		"GET /assessments/{id}/responses", "PUT /assessments/{id}/responses/{indicator}", "GET /assessments/{id}/analysis",
		"GET /assessments/{id}/consensus", "GET /assessments/{id}/consensus/{indicator}", "PUT /assessments/{id}/consensus/{indicator}",
		"GET /assessments/{id}/plan", "PUT /assessments/{id}/plan/{action}/adjustment", "PUT /assessments/{id}/plan/{action}/status",
		"GET /assessments/{id}/documents/{doc}", "GET /openapi.json",
	} {
		if !registered[want] {
			t.Errorf("%s is not registered", want)
		}
	}
}

// oaResolve follows a local $ref ("#/components/schemas/X").
func oaResolve(doc map[string]any, ref string) map[string]any {
	var v any = doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[part]
	}
	m, _ := v.(map[string]any)
	return m
}

// oaCheck validates a decoded JSON value against a schema of the document
// (the subset the document uses: $ref, allOf, oneOf, nullable, type,
// properties, required, additionalProperties, items, enum, minimum,
// maximum). It returns the problems found.
func oaCheck(doc, schema map[string]any, v any, at string) []string {
	if ref, ok := schema["$ref"].(string); ok {
		return oaCheck(doc, oaResolve(doc, ref), v, at)
	}
	if v == nil {
		if schema["nullable"] == true {
			return nil
		}
		return []string{at + ": null where the schema does not allow it"}
	}
	var errs []string
	if all, ok := schema["allOf"].([]any); ok {
		for _, s := range all {
			errs = append(errs, oaCheck(doc, s.(map[string]any), v, at)...)
		}
	}
	if one, ok := schema["oneOf"].([]any); ok {
		n := 0
		for _, s := range one {
			if len(oaCheck(doc, s.(map[string]any), v, at)) == 0 {
				n++
			}
		}
		if n != 1 {
			errs = append(errs, fmt.Sprintf("%s: %v matches %d of the oneOf schemas, want 1", at, v, n))
		}
	}
	typ, _ := schema["type"].(string)
	switch typ {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return append(errs, fmt.Sprintf("%s: %T, want an object", at, v))
		}
		props, _ := schema["properties"].(map[string]any)
		req, _ := schema["required"].([]any)
		for _, r := range req {
			if _, ok := m[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required property %s missing", at, r))
			}
		}
		for k, x := range m {
			if p, ok := props[k]; ok {
				errs = append(errs, oaCheck(doc, p.(map[string]any), x, at+"."+k)...)
				continue
			}
			switch ap := schema["additionalProperties"].(type) {
			case bool:
				if !ap {
					errs = append(errs, fmt.Sprintf("%s: property %s is not documented", at, k))
				}
			case map[string]any:
				errs = append(errs, oaCheck(doc, ap, x, at+"."+k)...)
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return append(errs, fmt.Sprintf("%s: %T, want an array", at, v))
		}
		if items, ok := schema["items"].(map[string]any); ok {
			for i, x := range a {
				errs = append(errs, oaCheck(doc, items, x, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			return append(errs, fmt.Sprintf("%s: %v, want a string", at, v))
		}
		if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, any(s)) {
			errs = append(errs, fmt.Sprintf("%s: %q is not one of %v", at, s, enum))
		}
	case "integer", "number", "boolean":
		if typ == "boolean" {
			if _, ok := v.(bool); !ok {
				errs = append(errs, fmt.Sprintf("%s: %v, want a boolean", at, v))
			}
			break
		}
		n, ok := v.(float64)
		if !ok || typ == "integer" && n != math.Trunc(n) {
			return append(errs, fmt.Sprintf("%s: %v, want %s", at, v, typ))
		}
		if lo, ok := schema["minimum"].(float64); ok && n < lo {
			errs = append(errs, fmt.Sprintf("%s: %v below the minimum %v", at, n, lo))
		}
		if hi, ok := schema["maximum"].(float64); ok && n > hi {
			errs = append(errs, fmt.Sprintf("%s: %v above the maximum %v", at, n, hi))
		}
	}
	return errs
}

// oaOperation returns the documented operation of a method and a path of
// the document ("/assessments/{id}").
func oaOperation(t *testing.T, doc map[string]any, method, path string) map[string]any {
	t.Helper()
	item, ok := oaMapAt(t, doc, "paths")[path].(map[string]any)
	if !ok {
		t.Fatalf("%s is not documented", path)
	}
	op, ok := item[strings.ToLower(method)].(map[string]any)
	if !ok {
		t.Fatalf("%s %s is not documented", method, path)
	}
	return op
}

// oaCheckAnswer checks that the status of an answer is documented for its
// operation and that its JSON body matches the documented schema.
func oaCheckAnswer(t *testing.T, doc map[string]any, method, path string, r response) {
	t.Helper()
	op := oaOperation(t, doc, method, path)
	resp, ok := oaMapAt(t, op, "responses")[fmt.Sprint(r.status)].(map[string]any)
	if !ok {
		t.Errorf("%s %s: status %d is not documented\n%.300s", method, path, r.status, r.body)
		return
	}
	if ref, ok := resp["$ref"].(string); ok {
		resp = oaResolve(doc, ref)
	}
	content, _ := resp["content"].(map[string]any)
	media, ok := content["application/json"].(map[string]any)
	if !ok {
		return // a file
	}
	var v any
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Errorf("%s %s: %d body is not JSON", method, path, r.status)
		return
	}
	errs := oaCheck(doc, media["schema"].(map[string]any), v, "body")
	for i, e := range errs {
		if i == 10 {
			t.Errorf("%s %s %d: and %d more", method, path, r.status, len(errs)-10)
			break
		}
		t.Errorf("%s %s %d: %s", method, path, r.status, e)
	}
}

// oaCheckRequest checks that a request body the tests send matches the
// documented request schema.
func oaCheckRequest(t *testing.T, doc map[string]any, method, path, body string) {
	t.Helper()
	op := oaOperation(t, doc, method, path)
	schema := oaMapAt(t, op, "requestBody", "content", "application/json", "schema")
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	for _, e := range oaCheck(doc, schema, v, "request") {
		t.Errorf("%s %s: %s", method, path, e)
	}
}

// TestOpenAPIAnswersMatchSchemas sends real requests and checks every
// answer, success and error, against the documented schema.
func TestOpenAPIAnswersMatchSchemas(t *testing.T) {
	f := newFixture(t)
	doc := oaDoc(t, f)
	lead, assessor, min := f.as(uLead), f.as(uAssessor), f.as(uMinistry)
	id, pub := fmt.Sprint(f.inReview), fmt.Sprint(f.public)
	at := func(p, assessmentID string) string { return "/api/v1" + strings.ReplaceAll(p, "{id}", assessmentID) }
	act := apiFirstAction(f, lead, f.public)
	actPath := "/assessments/{id}/plan/" + act

	gets := []struct {
		c    *client
		path string // documented path, {id} filled by id
		id   string
		real string // the URL when it differs from the documented path
	}{
		{lead, "/me", id, ""},
		{lead, "/assessments", id, ""},
		{lead, "/assessments/{id}", id, ""},
		{min, "/assessments/{id}", pub, ""},
		{lead, "/assessments/{id}/responses", id, ""},
		{lead, "/assessments/{id}/analysis", id, ""},
		{min, "/assessments/{id}/analysis", pub, ""},
		{lead, "/assessments/{id}/consensus", id, ""},
		{lead, "/assessments/{id}/consensus/{indicator}", id, "/assessments/{id}/consensus/GOV.2.1"},
		{lead, "/assessments/{id}/consensus/{indicator}", id, "/assessments/{id}/consensus/BCP.1.1"},
		{lead, "/assessments/{id}/plan", id, ""},
		{min, "/assessments/{id}/plan", pub, ""},
		{lead, "/openapi.json", id, ""},
		// Errors.
		{min, "/assessments/{id}/responses", pub, ""},                                          // 403
		{min, "/assessments/{id}", id, ""},                                                     // 404
		{lead, "/assessments/{id}/plan", id, "/assessments/{id}/plan?phase=9"},                 // 422
		{lead, "/assessments/{id}/documents/{doc}", pub, "/assessments/{id}/documents/report"}, // 404
		{lead, "/assessments/{id}/documents/{doc}", pub, "/assessments/{id}/documents/strategy?format=xlsx"},
		{lead, "/assessments/{id}/documents/{doc}", pub, "/assessments/{id}/documents/strategy"}, // a file
		{f.anon(), "/me", id, ""}, // 401
	}
	for _, g := range gets {
		real := g.real
		if real == "" {
			real = g.path
		}
		r := g.c.api("GET", at(real, g.id), "")
		oaCheckAnswer(t, doc, "GET", g.path, r)
	}

	writes := []struct {
		c                  *client
		method, path, real string
		id, body           string
		want               int
	}{
		{lead, "POST", "/assessments", "", id, `{"state":"XAE","state_name":"Fictional E","title":"Baseline","framework_id":"ibm-default","scope":{"modes":["air"]},"team":[{"email":"tomasz.wren@example.org","role":"assessor"}],"profile":{"agencies":{"BG":["Border Guard"]}}}`, 201},
		{lead, "POST", "/assessments", "", id, `{"state":"x"}`, 422},
		{lead, "POST", "/assessments", "", id, `{"state":1}`, 400},
		{assessor, "PUT", "/assessments/{id}/responses/{indicator}", "/assessments/{id}/responses/BCP.1.1", id, `{"level":3,"target":3,"confidence":"H","note":"Seen.","sources":["Visit"],"rights_concern":false,"version":1}`, 200},
		{assessor, "PUT", "/assessments/{id}/responses/{indicator}", "/assessments/{id}/responses/BCP.1.1", id, `{"level":null,"target":null,"version":1}`, 409},
		{assessor, "PUT", "/assessments/{id}/responses/{indicator}", "/assessments/{id}/responses/BCP.1.1", id, `{"level":"N/A","version":2}`, 422},
		{lead, "PUT", "/assessments/{id}/consensus/{indicator}", "/assessments/{id}/consensus/BCP.1.1", id, `{"level":2,"target":3,"comment":"Agreed.","version":0}`, 200},
		{assessor, "PUT", "/assessments/{id}/consensus/{indicator}", "/assessments/{id}/consensus/BCP.1.1", id, `{"level":2,"version":1}`, 403},
		{lead, "PUT", "/assessments/{id}/plan/{action}/adjustment", actPath + "/adjustment", pub, `{"priority":"High","lead":"Border Police","start_month":3,"end_month":15,"cost":100000,"funding_source":"EU","funding_status":"pledged","text":"Do it.","version":0}`, 200},
		{min, "PUT", "/assessments/{id}/plan/{action}/status", actPath + "/status", pub, `{"status":"ongoing","note":"Started.","version":1}`, 200},
		{min, "PUT", "/assessments/{id}/plan/{action}/status", actPath + "/status", pub, `{"status":"ongoing","note":"Again.","version":1}`, 409},
		{lead, "POST", "/assessments/{id}/status", "", id, `{"to":"validated","version":1}`, 200},
		{lead, "POST", "/assessments/{id}/status", "", id, `{"to":"published","version":1}`, 409},
	}
	for _, w := range writes {
		real := w.real
		if real == "" {
			real = w.path
		}
		r := w.c.api(w.method, at(real, w.id), w.body)
		if r.status != w.want {
			t.Errorf("%s %s: status %d, want %d\n%.300s", w.method, real, r.status, w.want, r.body)
		}
		oaCheckAnswer(t, doc, w.method, w.path, r)
		if w.want < 300 {
			oaCheckRequest(t, doc, w.method, w.path, w.body)
		}
	}
	// 415 and a CSRF refusal are documented too.
	r := apiRaw(assessor, "PUT", at("/assessments/{id}/responses/BCP.1.1", id), "text/plain", "level=2", true)
	oaCheckAnswer(t, doc, "PUT", "/assessments/{id}/responses/{indicator}", r)
	r = apiRaw(assessor, "PUT", at("/assessments/{id}/responses/BCP.1.1", id), "application/json", `{"version":2}`, false)
	if r.status != http.StatusForbidden {
		t.Errorf("without CSRF: status %d", r.status)
	}
	oaCheckAnswer(t, doc, "PUT", "/assessments/{id}/responses/{indicator}", r)
}
