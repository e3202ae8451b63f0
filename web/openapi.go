package web

// The OpenAPI 3.0.3 document of /api/v1, written by hand beside the
// handlers of api.go. openapi_test.go checks it against the routes gin has
// registered (every route documented, every documented operation routed)
// and checks real answers against the documented schemas.

import (
	"encoding/json"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
)

// apiOpenAPI serves the OpenAPI document.
func (s *Server) apiOpenAPI(c *gin.Context) {
	c.Data(http.StatusOK, "application/json; charset=utf-8", openAPIJSON())
}

var openAPIJSON = sync.OnceValue(func() []byte {
	b, err := json.MarshalIndent(openAPIDocument(), "", "  ")
	if err != nil {
		panic(err) // a literal document that does not marshal is a bug
	}
	return b
})

type oa = map[string]any

func oaRef(name string) oa { return oa{"$ref": "#/components/schemas/" + name} }

func oaType(typ, desc string) oa {
	o := oa{"type": typ}
	if desc != "" {
		o["description"] = desc
	}
	return o
}

func oaStr(desc string) oa  { return oaType("string", desc) }
func oaInt(desc string) oa  { return oaType("integer", desc) }
func oaNum(desc string) oa  { return oaType("number", desc) }
func oaBool(desc string) oa { return oaType("boolean", desc) }

func oaTime(desc string) oa {
	o := oaStr(desc)
	o["format"] = "date-time"
	return o
}

func oaEnum(desc string, values ...string) oa {
	o := oaStr(desc)
	o["enum"] = values
	return o
}

func oaArr(items oa, desc string) oa {
	o := oaType("array", desc)
	o["items"] = items
	return o
}

func oaStrings(desc string) oa { return oaArr(oa{"type": "string"}, desc) }

// oaNullable makes a schema (a $ref too) accept null.
func oaNullable(o oa, desc string) oa {
	out := oa{"nullable": true, "allOf": []oa{o}}
	if desc != "" {
		out["description"] = desc
	}
	return out
}

func oaObject(desc string, required []string, props oa) oa {
	o := oa{"type": "object", "properties": props, "additionalProperties": false}
	if desc != "" {
		o["description"] = desc
	}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

func oaMap(values oa, desc string) oa {
	o := oaType("object", desc)
	o["additionalProperties"] = values
	return o
}

func oaParam(name, in, desc string, required bool, schema oa) oa {
	return oa{"name": name, "in": in, "description": desc, "required": required, "schema": schema}
}

func oaJSON(desc string, schema oa) oa {
	return oa{"description": desc, "content": oa{"application/json": oa{"schema": schema}}}
}

func oaBody(desc, schema string) oa {
	return oa{"required": true, "description": desc, "content": oa{"application/json": oa{"schema": oaRef(schema)}}}
}

func oaErr(name string) oa { return oa{"$ref": "#/components/responses/" + name} }

var (
	oaPathID        = oaParam("id", "path", "The assessment id.", true, oa{"type": "integer", "format": "int64", "minimum": 1})
	oaPathIndicator = oaParam("indicator", "path", "An indicator id of the assessment's framework, for example BCP.1.1.", true, oa{"type": "string"})
	oaPathAction    = oaParam("action", "path", "An action id of the generated plan, for example AP-BCP-1.1-A1.", true, oa{"type": "string"})
	// oaWriteSecurity: a cookie session must send its CSRF token.
	oaWriteSecurity = []oa{{"sessionCookie": []string{}, "csrfHeader": []string{}}, {"bearerToken": []string{}}}
)

// oaOp describes one operation. The errors every operation may answer
// (401, 500) are added here; others are listed by the caller.
func oaOp(id, tag, summary, desc string, params []oa, body oa, responses oa, write bool) oa {
	responses["401"] = oaErr("Unauthenticated")
	responses["500"] = oaErr("Internal")
	op := oa{"operationId": id, "tags": []string{tag}, "summary": summary, "responses": responses}
	if desc != "" {
		op["description"] = desc
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if body != nil {
		op["requestBody"] = body
	}
	if write {
		op["security"] = oaWriteSecurity
		responses["400"] = oaErr("BadRequest")
		responses["413"] = oaErr("TooLarge")
		responses["415"] = oaErr("UnsupportedMediaType")
		responses["422"] = oaErr("Invalid")
		if _, ok := responses["403"]; !ok {
			responses["403"] = oaErr("Forbidden")
		}
	}
	return op
}

// openAPIDocument builds the document. Paths are relative to the server
// URL /api/v1.
func openAPIDocument() oa {
	level := oaRef("Level")
	assessmentScoped := func(r oa) oa {
		r["403"] = oaErr("Forbidden")
		r["404"] = oaErr("NotFound")
		return r
	}
	paths := oa{
		"/openapi.json": oa{"get": oaOp("getOpenAPI", "meta", "This document", "", nil, nil,
			oa{"200": oa{"description": "The OpenAPI 3.0.3 document of the API.", "content": oa{"application/json": oa{"schema": oa{"type": "object"}}}}}, false)},
		"/me": oa{"get": oaOp("getMe", "meta", "The person calling", "Who is authenticated, how, and the CSRF token a cookie session must send with writes.", nil, nil,
			oa{"200": oaJSON("The person.", oaRef("Me"))}, false)},
		"/assessments": oa{
			"get": oaOp("listAssessments", "assessments", "The assessments the person may see",
				"Consultants see the assessments of their teams, ministry focal points the published assessments of their country, administrators all; donors none until a country shares with them.",
				nil, nil, oa{"200": oaJSON("The assessments, newest first, with progress.", oaRef("AssessmentList"))}, false),
			"post": oaOp("createAssessment", "assessments", "Create an assessment",
				"Consultants and administrators. Without a lead in the team, the creator is the lead. The new assessment is a draft.",
				nil, oaBody("The new assessment.", "AssessmentCreate"),
				oa{"201": oa{"description": "Created; Location names the new assessment.", "headers": oa{"Location": oa{"schema": oa{"type": "string"}, "description": "/api/v1/assessments/{id}"}},
					"content": oa{"application/json": oa{"schema": oaRef("Assessment")}}}, "403": oaErr("Forbidden")}, true),
		},
		"/assessments/{id}": oa{"get": oaOp("getAssessment", "assessments", "One assessment",
			"With its team, scope, profile, status, version, and what the person may do with it.", []oa{oaPathID}, nil,
			assessmentScoped(oa{"200": oaJSON("The assessment.", oaRef("Assessment"))}), false)},
		"/assessments/{id}/status": oa{"post": oaOp("setAssessmentStatus", "assessments", "Move the assessment along its life cycle",
			"Lead assessor or administrator. One step forward or back (draft, in_review, validated, published); published is final.",
			[]oa{oaPathID}, oaBody("The new status and the version read.", "StatusChange"),
			assessmentScoped(oa{"200": oaJSON("The assessment with its new status and version.", oaRef("Assessment")), "409": oaErr("Conflict")}), true)},
		"/assessments/{id}/responses": oa{"get": oaOp("listResponses", "responses", "The team's responses",
			"Team members and administrators (questionnaire permission); others 403.",
			[]oa{oaPathID, oaParam("indicator", "query", "Only this indicator.", false, oaStr("")),
				oaParam("assessor_id", "query", "Only this assessor.", false, oa{"type": "integer", "format": "int64"})}, nil,
			assessmentScoped(oa{"200": oaJSON("The responses, by indicator in framework order, then assessor.", oaRef("ResponseList")), "422": oaErr("Invalid")}), false)},
		"/assessments/{id}/responses/{indicator}": oa{"put": oaOp("saveResponse", "responses", "Save the caller's own response to an indicator",
			"Assessors and the lead (score permission), while the assessment is a draft or in review. Send the version read (0 for a first answer); a stale version answers 409 naming who changed it and when, with their version.",
			[]oa{oaPathID, oaPathIndicator}, oaBody("The response.", "ResponseInput"),
			assessmentScoped(oa{"200": oaJSON("The saved response with its new version.", oaRef("Response")), "409": oaErr("Conflict")}), true)},
		"/assessments/{id}/analysis": oa{"get": oaOp("getAnalysis", "results", "Scores and gaps",
			"National index, pillar and capacity scores, every indicator and the gaps in priority order. Without the restricted view, comments and notes of restricted indicators are withheld; the assessors' individual answers come only with the review permission.",
			[]oa{oaPathID}, nil, assessmentScoped(oa{"200": oaJSON("The analysis.", oaRef("Analysis"))}), false)},
		"/assessments/{id}/consensus": oa{"get": oaOp("listConsensus", "consensus", "The consensus records",
			"Team members and administrators (review permission).", []oa{oaPathID}, nil,
			assessmentScoped(oa{"200": oaJSON("The consensus records set so far.", oaRef("ConsensusList"))}), false)},
		"/assessments/{id}/consensus/{indicator}": oa{
			"get": oaOp("getConsensus", "consensus", "One indicator as the lead reconciles it",
				"The consensus record (version 0 and a null level if none yet) and the assessors' answers side by side, with the spread.",
				[]oa{oaPathID, oaPathIndicator}, nil, assessmentScoped(oa{"200": oaJSON("The indicator's consensus view.", oaRef("ConsensusView"))}), false),
			"put": oaOp("saveConsensus", "consensus", "Set the consensus of an indicator",
				"The lead assessor (consensus permission), while the assessment is a draft or in review. Versioned like responses.",
				[]oa{oaPathID, oaPathIndicator}, oaBody("The consensus.", "ConsensusInput"),
				assessmentScoped(oa{"200": oaJSON("The saved consensus record with its new version.", oaRef("Consensus")), "409": oaErr("Conflict")}), true),
		},
		"/assessments/{id}/plan": oa{"get": oaOp("getPlan", "plan", "The generated action plan",
			"With the lead assessor's adjustments and the implementation status. Restricted actions only with the restricted view.",
			[]oa{oaPathID,
				oaParam("pillar", "query", "Only actions of this pillar (code, e.g. BCP).", false, oaStr("")),
				oaParam("priority", "query", "Only actions of this priority.", false, oaEnum("", "High", "Medium", "Low")),
				oaParam("phase", "query", "Only actions of this phase.", false, oa{"type": "integer", "minimum": 1, "maximum": 3})}, nil,
			assessmentScoped(oa{"200": oaJSON("The plan.", oaRef("Plan")), "422": oaErr("Invalid")}), false)},
		"/assessments/{id}/plan/{action}/adjustment": oa{"put": oaOp("adjustAction", "plan", "Adjust an action of the plan",
			"The lead assessor (adjust-plan permission). The body replaces the adjustable fields: a field left out or null keeps the generated value. The implementation status and note are kept. Versioned: send the action's version.",
			[]oa{oaPathID, oaPathAction}, oaBody("The adjustment.", "AdjustmentInput"),
			assessmentScoped(oa{"200": oaJSON("The saved adjustment with its new version.", oaRef("Adjustment")), "409": oaErr("Conflict")}), true)},
		"/assessments/{id}/plan/{action}/status": oa{"put": oaOp("setActionStatus", "plan", "Update the implementation status of an action",
			"The lead assessor, or a ministry focal point of the assessed state once the assessment is published (implementation permission). Versioned: send the action's version.",
			[]oa{oaPathID, oaPathAction}, oaBody("The status and a note.", "ActionStatusInput"),
			assessmentScoped(oa{"200": oaJSON("The saved adjustment record with its new version.", oaRef("Adjustment")), "409": oaErr("Conflict")}), true)},
		"/assessments/{id}/documents/{doc}": oa{"get": oaOp("getDocument", "documents", "Download a document",
			"Generated on request. assessment: pdf; strategy: pdf; action-plan: pdf or xlsx. The restricted edition needs the restricted view (403 otherwise).",
			[]oa{oaPathID,
				oaParam("doc", "path", "The document.", true, oaEnum("", "assessment", "strategy", "action-plan")),
				oaParam("format", "query", "The file format (default pdf).", false, oaEnum("", "pdf", "xlsx")),
				oaParam("edition", "query", "The edition (default public).", false, oaEnum("", "public", "restricted"))}, nil,
			assessmentScoped(oa{"200": oa{"description": "The document, as an attachment.",
				"headers": oa{"Content-Disposition": oa{"schema": oa{"type": "string"}, "description": `attachment; filename="XAA-round1-strategy-public.pdf"`}},
				"content": oa{
					"application/pdf": oa{"schema": oa{"type": "string", "format": "binary"}},
					"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": oa{"schema": oa{"type": "string", "format": "binary"}},
				}}, "422": oaErr("Invalid")}), false)},
	}

	errorResponse := func(desc string) oa { return oaJSON(desc, oaRef("Error")) }
	schemas := oa{
		"Error": oaObject("Every error: a message a person understands, a machine code and, for invalid input, every field at fault.",
			[]string{"error", "code"}, oa{
				"error":  oaStr("What went wrong, for a person."),
				"code":   oaEnum("", "bad_request", "unauthenticated", "forbidden", "not_found", "conflict", "invalid", "too_large", "unsupported_media_type", "method_not_allowed", "internal"),
				"fields": oaArr(oaRef("FieldError"), "Every invalid field (JSON paths such as team[1].email)."),
			}),
		"FieldError": oaObject("One invalid field.", []string{"field", "message"}, oa{
			"field":   oaStr("The JSON path of the field, or of the query parameter."),
			"message": oaStr("What was expected."),
		}),
		"Conflict": oaObject("A stale write: someone saved since the caller read the record.", []string{"error", "code"}, oa{
			"error":   oaStr("Names who changed the record and when."),
			"code":    oaEnum("", "conflict"),
			"current": oa{"type": "object", "description": "The record as it is now (a Response, Consensus, Adjustment or Assessment), to show both versions."},
		}),
		"Level": oa{"description": `A maturity level: 0 to 4, "N/A" (not applicable) or null (not scored).`, "nullable": true,
			"oneOf": []oa{{"type": "integer", "minimum": 0, "maximum": 4}, {"type": "string", "enum": []string{"N/A"}}}},
		"User": oaObject("A person.", []string{"id", "name", "email", "role"}, oa{
			"id": oaInt(""), "name": oaStr(""), "email": oaStr(""), "organisation": oaStr(""),
			"role":     oaEnum("The global role; team roles come from membership.", "admin", "consultant", "ministry", "donor"),
			"country":  oaStr("A ministry focal point's country (ISO 3166-1 alpha-3)."),
			"disabled": oaBool(""), "created_at": oaTime(""),
		}),
		"Me": oaObject("The person calling.", []string{"user", "auth", "can_create_assessment"}, oa{
			"user":                  oaRef("User"),
			"auth":                  oaEnum("How the request was authenticated.", "session", "token"),
			"csrf_token":            oaStr("For a cookie session: send it as the X-CSRF-Token header with every write."),
			"can_create_assessment": oaBool(""),
		}),
		"Score": oaObject("An aggregate on the 0–4 scale.", []string{"value", "percent", "n"}, oa{
			"value": oaNum("0 to 4."), "percent": oaNum("The value as a percentage of 4."), "n": oaInt("Scored indicators it rests on."),
		}),
		"AssessmentSummary": oaObject("One row of the list.", nil, oa{
			"id": oaInt(""), "state": oaStr("ISO 3166-1 alpha-3."), "state_name": oaStr(""), "title": oaStr(""),
			"framework_id": oaStr(""), "framework_version": oaStr(""), "status": oaRef("Status"), "round": oaInt(""), "version": oaInt(""),
			"updated_at": oaTime(""), "my_role": oaStr("lead, assessor, reviewer, admin or ministry."),
			"applicable": oaInt("Applicable indicators."), "scored": oaInt("Indicators with a level."), "progress_percent": oaInt(""),
			"national_index": oaNullable(oaRef("Score"), "Null until something is scored."),
		}),
		"AssessmentList": oaObject("", []string{"assessments"}, oa{"assessments": oaArr(oaRef("AssessmentSummary"), "")}),
		"Status":         oaEnum("The life-cycle status.", "draft", "in_review", "validated", "published"),
		"Mode":           oaEnum("A travel mode or border type.", "air", "sea", "land", "rail"),
		"Member": oaObject("A team member.", []string{"user_id", "role"}, oa{
			"user_id": oaInt(""), "role": oaEnum("", "lead", "assessor", "reviewer"), "name": oaStr(""), "email": oaStr(""),
		}),
		"Scope": oaObject("The modes that exist in the state; indicators of absent modes are N/A.", nil, oa{"modes": oaArr(oaRef("Mode"), "")}),
		"Profile": oaObject("The assessed state: border facts and the agency mapping.", nil, oa{
			"coordination_body": oaStr("The national IBM coordination body."),
			"bcps":              oaMap(oaInt(""), "Official border crossing points by mode."),
			"land_border_km":    oaInt(""), "coastline_km": oaInt(""),
			"neighbours":       oaStrings(""),
			"agencies":         oaMap(oaStrings(""), "Framework role code → national institutions."),
			"critical_pillars": oaStrings("Pillar codes the risk profile marks as critical."),
			"context":          oaStr(""),
			"strategy_start":   oaInt("First year of the strategy period."),
		}),
		"Assessment": oaObject("An assessment with what the person may do with it.", []string{"id", "state", "status", "version", "team", "permissions"}, oa{
			"id": oaInt(""), "state": oaStr("ISO 3166-1 alpha-3."), "state_name": oaStr(""), "title": oaStr(""),
			"framework_id": oaStr(""), "framework_version": oaStr(""), "status": oaRef("Status"),
			"scope": oaRef("Scope"), "profile": oaRef("Profile"), "team": oaArr(oaRef("Member"), ""),
			"baseline_id": oaInt("The assessment this one follows up."), "round": oaInt(""), "started_on": oaStr("YYYY-MM-DD."),
			"version": oaInt("Send it back with a status change."), "created_at": oaTime(""), "updated_at": oaTime(""),
			"my_role":     oaStr("lead, assessor, reviewer, admin, ministry or empty."),
			"permissions": oaArr(oaEnum("", "view", "view_restricted", "questionnaire", "score", "review", "consensus", "edit", "adjust_plan", "implementation", "audit"), ""),
		}),
		"AssessmentCreate": oaObject("A new assessment.", []string{"state", "state_name", "title", "framework_id", "scope"}, oa{
			"state": oaStr("ISO 3166-1 alpha-3, in capitals (XAA for a fictional state)."), "state_name": oaStr(""), "title": oaStr(""),
			"framework_id": oaStr(""), "framework_version": oaStr("Default: the highest installed version."),
			"scope":      oaObject("", []string{"modes"}, oa{"modes": oaArr(oaStr("air, sea, land or rail (bus and coach count as land)."), "")}),
			"profile":    oaRef("Profile"),
			"team":       oaArr(oaRef("MemberInput"), "Without a lead, the creator is the lead."),
			"started_on": oaStr("Mission start, YYYY-MM-DD."), "baseline_id": oaInt("The assessment this one follows up (same state)."),
		}),
		"MemberInput": oaObject("A team member, by user id or e-mail address.", []string{"role"}, oa{
			"user_id": oaInt(""), "email": oaStr(""), "role": oaEnum("", "lead", "assessor", "reviewer"),
		}),
		"StatusChange": oaObject("", []string{"to", "version"}, oa{"to": oaRef("Status"), "version": oaInt("The assessment's version read.")}),
		"Response": oaObject("One assessor's answer to one indicator.", []string{"indicator", "assessor_id", "level", "version"}, oa{
			"assessment_id": oaInt(""), "indicator": oaStr(""), "assessor_id": oaInt(""), "assessor_name": oaStr(""),
			"level": level, "target": level, "confidence": oaEnum("H, M, L or empty.", "H", "M", "L", ""),
			"note": oaStr("Evidence."), "sources": oaStrings(""), "rights_concern": oaBool("A human-rights concern caps the level at 2."),
			"version": oaInt(""), "updated_by": oaInt(""), "updated_at": oaTime(""),
		}),
		"ResponseList": oaObject("", []string{"responses"}, oa{"responses": oaArr(oaRef("Response"), "")}),
		"ResponseInput": oaObject("The caller's answer. Every invalid field is reported at once (422).", []string{"version"}, oa{
			"level":          oaNullable(level, `0 to 4, "N/A" where the indicator's mode does not exist, or null.`),
			"target":         oa{"type": "integer", "minimum": 2, "maximum": 4, "nullable": true, "description": "4 only for weight-3 indicators."},
			"confidence":     oaEnum("", "H", "M", "L", ""),
			"note":           oa{"type": "string", "maxLength": 20000},
			"sources":        oaArr(oa{"type": "string", "minLength": 1, "maxLength": 1000}, "At most 50."),
			"rights_concern": oaBool(""),
			"version":        oa{"type": "integer", "minimum": 0, "description": "The version read; 0 for a first answer."},
		}),
		"Analysis": oaObject("", []string{"assessment_id", "national_index", "pillars", "indicators", "gaps", "binding_unmet"}, oa{
			"assessment_id": oaInt(""), "framework": oaStr("id@version."),
			"national_index": oaNullable(oaRef("Score"), "The mean of the pillar scores."),
			"applicable":     oaInt(""), "scored": oaInt(""), "flagged": oaInt("Indicators with a spread of 2 or more."),
			"pillars":       oaArr(oaRef("PillarResult"), ""),
			"indicators":    oaArr(oaRef("IndicatorResult"), "Framework order."),
			"gaps":          oaArr(oaRef("Gap"), "Priority order."),
			"binding_unmet": oaStrings("Weight-3 indicators at level 0 or 1."),
		}),
		"PillarResult": oaObject("", nil, oa{
			"code": oaStr(""), "title": oaStr(""), "score": oaNullable(oaRef("Score"), ""), "target": oaNullable(oaRef("Score"), ""),
			"applicable": oaInt(""), "critical": oaBool(""), "high_gaps": oaInt(""), "binding_unmet": oaInt(""),
			"capacities": oaArr(oaRef("CapacityResult"), ""),
		}),
		"CapacityResult": oaObject("", nil, oa{"id": oaStr(""), "title": oaStr(""), "score": oaNullable(oaRef("Score"), ""), "applicable": oaInt("")}),
		"IndicatorResult": oaObject("", nil, oa{
			"id": oaStr(""), "title": oaStr(""), "pillar": oaStr(""), "capacity": oaStr(""), "weight": oaInt(""), "restricted": oaBool(""),
			"applicable": oaBool(""), "level": level, "proposed": level, "target": level, "consensus_set": oaBool(""),
			"confidence": oaEnum("", "H", "M", "L", ""), "spread": oaInt(""), "spread_flag": oaBool(""), "gap": oaInt(""),
			"priority": oaRef("Priority"), "priority_index": oaNum(""), "binding_unmet": oaBool(""), "rights_concern": oaBool(""),
			"rights_capped": oaBool(""), "low_confidence": oaBool(""), "single_source": oaBool(""),
			"comment":        oaStr("The consensus comment."),
			"notes_withheld": oaBool("Comment and notes of a restricted indicator left out."),
			"scores":         oaArr(oaRef("AssessorScore"), "With the review permission only."),
		}),
		"Priority": oaEnum("Empty when there is no gap.", "High", "Medium", "Low", ""),
		"AssessorScore": oaObject("One assessor's answer, side by side with the others.", nil, oa{
			"assessor_id": oaInt(""), "assessor_name": oaStr(""), "level": level, "target": level,
			"confidence": oaEnum("", "H", "M", "L", ""), "rights_concern": oaBool(""), "note": oaStr(""), "sources": oaStrings(""), "version": oaInt(""),
		}),
		"Gap": oaObject("", nil, oa{
			"indicator": oaStr(""), "title": oaStr(""), "pillar": oaStr(""), "weight": oaInt(""), "level": level, "target": level,
			"gap": oaInt(""), "priority": oaRef("Priority"), "priority_index": oaNum(""), "binding_unmet": oaBool(""), "restricted": oaBool(""),
		}),
		"Consensus": oaObject("The level the team settles on for one indicator.", []string{"indicator", "level", "version"}, oa{
			"assessment_id": oaInt(""), "indicator": oaStr(""), "level": level, "target": level, "comment": oaStr(""),
			"version": oaInt(""), "set_by": oaInt(""), "set_at": oaTime(""),
		}),
		"ConsensusList": oaObject("", []string{"consensus"}, oa{"consensus": oaArr(oaRef("Consensus"), "")}),
		"ConsensusView": oaObject("An indicator as the lead reconciles it.", []string{"indicator", "version", "scores"}, oa{
			"indicator": oaStr(""), "title": oaStr(""),
			"level": level, "target": level, "comment": oaStr(""),
			"version": oaInt("0 when no consensus is set yet."), "set_by": oaInt(""), "set_at": oaTime(""),
			"proposed": level, "effective_level": level, "min": level, "max": level,
			"spread": oaInt(""), "spread_flag": oaBool(""), "scores": oaArr(oaRef("AssessorScore"), ""),
		}),
		"ConsensusInput": oaObject("", []string{"version"}, oa{
			"level":   oaNullable(level, "Null keeps the proposed level (the lower median); the comment is recorded."),
			"target":  oa{"type": "integer", "minimum": 2, "maximum": 4, "nullable": true},
			"comment": oa{"type": "string", "maxLength": 4000},
			"version": oa{"type": "integer", "minimum": 0, "description": "The version read; 0 for a first consensus."},
		}),
		"Plan": oaObject("The generated plan with the adjustments.", []string{"actions", "objectives", "totals"}, oa{
			"assessment_id": oaInt(""), "start_year": oaInt(""), "end_year": oaInt(""), "currency": oaStr(""),
			"totals":     oaRef("PlanTotals"),
			"objectives": oaArr(oaRef("Objective"), ""),
			"actions":    oaArr(oaRef("PlanAction"), "Pillar order, then priority and start."),
			"unmapped":   oaStrings("Agency role codes the profile does not map yet."),
		}),
		"PlanTotals": oaObject("Indicative costs of the actions shown, cancelled ones left out.", nil, oa{
			"total": oaNum(""), "national": oaNum("State budget, secured or pledged."), "donor": oaNum("Other sources, secured or pledged."),
			"gap": oaNum("Not committed."), "by_pillar": oaMap(oaNum(""), ""),
		}),
		"Objective": oaObject("A strategic objective (one per pillar with gaps).", nil, oa{
			"code": oaStr("SO-XXX."), "pillar": oaStr(""), "text": oaStr(""), "cost": oaNum(""), "specific": oaArr(oaRef("SpecificObjective"), ""),
		}),
		"SpecificObjective": oaObject("", nil, oa{"code": oaStr("SpO-XXX.n."), "capacity": oaStr(""), "text": oaStr(""), "actions": oaStrings("Action ids.")}),
		"KPI":               oaObject("", nil, oa{"name": oaStr(""), "unit": oaStr(""), "source": oaStr(""), "baseline": oaStr(""), "target": oaStr("")}),
		"PlanAction": oaObject("One row of the action plan.", []string{"id", "version", "status"}, oa{
			"id": oaStr("AP-XXX-n.n-An."), "indicator": oaStr(""), "capacity": oaStr(""), "pillar": oaStr(""), "text": oaStr(""),
			"sub_activities": oaStrings(""), "lead": oaStr("The national lead institution."), "lead_code": oaStr(""),
			"partners": oaStrings(""), "international": oaStrings(""), "unmapped": oaStrings(""),
			"start_month": oaInt("Months from the plan start."), "end_month": oaInt("Exclusive."),
			"start_quarter": oaStr(""), "end_quarter": oaStr(""), "phase": oaInt("1, 2 or 3."), "output": oaStr(""),
			"outcome_kpi": oaRef("KPI"), "maturity_kpi": oaRef("KPI"), "verification": oaStr(""),
			"cost": oaNum(""), "cost_by_year": oaMap(oaNum(""), "Year → amount."),
			"funding_source": oaStr(""), "funding_status": oaEnum("", "secured", "pledged", "gap", ""), "pending_funding": oaBool(""),
			"priority": oaRef("Priority"), "priority_index": oaNum(""),
			"dependencies": oaStrings("Action ids of prerequisites."), "prerequisites": oaStrings("Requirements neither met nor planned."),
			"references": oaStrings(""), "safeguard": oaStr(""), "hrddp": oaBool(""), "restricted": oaBool(""),
			"status": oaRef("ImplStatus"), "note": oaStr(""), "adjusted": oaStrings("Fields the lead assessor changed."), "warnings": oaStrings(""),
			"version":    oaInt("The version of the action's adjustment record (0 if none): send it back with a change."),
			"updated_by": oaInt(""), "updated_at": oaTime(""),
		}),
		"ImplStatus": oaEnum("The implementation status.", "not started", "ongoing", "completed", "delayed", "cancelled"),
		"Adjustment": oaObject("The stored changes to one generated action.", []string{"action_id", "version"}, oa{
			"assessment_id": oaInt(""), "action_id": oaStr(""), "priority": oaRef("Priority"), "lead": oaStr(""),
			"start_month": oaInt(""), "end_month": oaInt(""), "cost": oaNum(""), "funding_source": oaStr(""),
			"funding_status": oaEnum("", "secured", "pledged", "gap"), "text": oaStr(""), "status": oaRef("ImplStatus"), "note": oaStr(""),
			"version": oaInt(""), "updated_by": oaInt(""), "updated_at": oaTime(""),
		}),
		"AdjustmentInput": oaObject("The adjustable fields; a field left out or null keeps the generated value.", []string{"version"}, oa{
			"priority":       oaEnum("", "High", "Medium", "Low", ""),
			"lead":           oa{"type": "string", "maxLength": 300},
			"start_month":    oa{"type": "integer", "minimum": 0, "maximum": 120, "nullable": true},
			"end_month":      oa{"type": "integer", "minimum": 1, "maximum": 120, "nullable": true, "description": "After start_month."},
			"cost":           oa{"type": "number", "minimum": 0, "maximum": 1e12, "nullable": true},
			"funding_source": oa{"type": "string", "maxLength": 300},
			"funding_status": oaEnum("", "secured", "pledged", "gap", ""),
			"text":           oa{"type": "string", "maxLength": 4000},
			"version":        oa{"type": "integer", "minimum": 0, "description": "The action's version read."},
		}),
		"ActionStatusInput": oaObject("", []string{"status", "version"}, oa{
			"status":  oaRef("ImplStatus"),
			"note":    oa{"type": "string", "maxLength": 4000},
			"version": oa{"type": "integer", "minimum": 0, "description": "The action's version read."},
		}),
	}

	return oa{
		"openapi": "3.0.3",
		"info": oa{
			"title":   "bordergap API",
			"version": "1",
			"description": "The JSON API of bordergap, an integrated border management gap-assessment tool. " +
				"The access rules are those of the web pages: an assessment a person may not see answers 404, an action their role does not allow 403. " +
				"Authenticate with the session cookie of a logged-in browser (writes then need the X-CSRF-Token header, see GET /me) " +
				"or with a personal API token: Authorization: Bearer <token>. " +
				"Errors are JSON objects {error, code, fields}; fields lists every invalid field at once. " +
				"Writes to responses, consensus, the status and the plan are versioned: send the version you read; a stale one answers 409 with the current record.",
		},
		"servers":  []oa{{"url": "/api/v1"}},
		"security": []oa{{"sessionCookie": []string{}}, {"bearerToken": []string{}}},
		"tags": []oa{
			{"name": "meta"}, {"name": "assessments"}, {"name": "responses"}, {"name": "consensus"},
			{"name": "results"}, {"name": "plan"}, {"name": "documents"},
		},
		"paths": paths,
		"components": oa{
			"securitySchemes": oa{
				"sessionCookie": oa{"type": "apiKey", "in": "cookie", "name": sessionCookie, "description": "The session of a logged-in browser."},
				"csrfHeader":    oa{"type": "apiKey", "in": "header", "name": "X-CSRF-Token", "description": "The session's CSRF token (GET /me), required with the cookie on writes."},
				"bearerToken":   oa{"type": "http", "scheme": "bearer", "description": "A personal API token (Account → API tokens). No CSRF token needed."},
			},
			"responses": oa{
				"BadRequest":           errorResponse("The body is empty, truncated, not JSON, or has unknown fields or fields of the wrong type (each named in fields)."),
				"Unauthenticated":      errorResponse("Not logged in and no valid token."),
				"Forbidden":            errorResponse("The person may see the assessment but their role does not allow this, or a cookie-authenticated write came without its CSRF token."),
				"NotFound":             errorResponse("No such assessment, indicator, action or document, or one the person may not see."),
				"Conflict":             oaJSON("Someone saved since the caller read the record; the message names who and when.", oaRef("Conflict")),
				"Invalid":              errorResponse("Invalid values; fields lists every one."),
				"TooLarge":             errorResponse("The body is larger than 1 MiB."),
				"UnsupportedMediaType": errorResponse("The body is not sent as application/json."),
				"Internal":             errorResponse("A failure on the server; the message gives the request id."),
			},
			"schemas": schemas,
		},
	}
}
