package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"

	"bordergap/assessment"
	"bordergap/frameworks"
)

// The demo uses two fictional states with ISO 3166-1 user-assigned codes:
// this data describes the weaknesses of a state's borders, so it must never
// name a real country.

//go:embed demodata/notes.json
var demoNotesJSON []byte

// demoNote is an evidence note for an indicator at a low (0–1), mid (2) or
// high (3–4) level, with placeholders for agencies ({BG}) and sites ({airport}).
type demoNote struct {
	Note    string   `json:"note"`
	Sources []string `json:"sources"`
}

type demoPerson struct {
	name, email, org string
	role             assessment.UserRole
	country          string
}

type demoState struct {
	code, name string
	modes      []assessment.Mode
	profile    assessment.Profile
	sites      map[string]string
	// mean maturity per pillar; the generator varies indicators around it.
	means map[string]float64
	team  []demoPerson // lead, assessor, assessor, reviewer
	// rounds: the baseline and, for one state, a follow-up.
	rounds []demoRound
}

type demoRound struct {
	title, startedOn string
	status           assessment.Status
	uplift           float64 // share of indicators one level higher than the baseline
}

var demoStates = []demoState{
	{
		code: "XAA", name: "Republic of Meridia",
		modes: []assessment.Mode{assessment.ModeAir, assessment.ModeSea, assessment.ModeLand, assessment.ModeRail},
		profile: assessment.Profile{
			CoordinationBody: "National IBM Coordination Board",
			BCPs:             map[assessment.Mode]int{assessment.ModeAir: 3, assessment.ModeSea: 4, assessment.ModeLand: 11, assessment.ModeRail: 2},
			LandBorderKm:     1240, CoastlineKm: 610,
			Neighbours:      []string{"Kingdom of Estrava (fictional)", "Valdoria (fictional)"},
			CriticalPillars: []string{"TRV", "SUR"},
			StrategyStart:   2027,
			Context: "Coastal state on a transit route used by foreign terrorist fighters returning from conflict zones; " +
				"long mountainous land border with two neighbours, four ferry ports and a growing low-cost air market.",
			Agencies: map[string][]string{
				"BG": {"Meridian Border Police"}, "IMM": {"State Migration Service"}, "CUS": {"Customs Service of Meridia"},
				"CG": {"Meridian Coast Guard"}, "POL": {"National Police"}, "NSI": {"State Security Service"},
				"CTC": {"National Counter-Terrorism Centre"}, "PIU": {"Passenger Information Unit (Ministry of Interior)"},
				"NCB": {"INTERPOL NCB Calderan"}, "FIU": {"Financial Intelligence Unit"}, "MOI": {"Ministry of Interior"},
				"MOF": {"Ministry of Finance"}, "MFA": {"Ministry of Foreign Affairs"}, "MOJ": {"Ministry of Justice", "Prosecutor General's Office"},
				"DOC": {"Civil Registry and Passport Directorate"}, "CAA": {"Civil Aviation Authority"}, "MAR": {"Maritime Administration"},
				"ARMY": {"Armed Forces of Meridia"}, "ASYL": {"Refugee Office"}, "DPA": {"Personal Data Protection Commission"},
				"NHRI": {"Office of the Ombudsperson"}, "SPS": {"Food Safety and Veterinary Agency"}, "LOC": {"Border district administrations"},
				"IBM-CB": {"National IBM Coordination Board"}, "TRN": {"Ministry of Transport"}, "HLT": {"Ministry of Health"},
				"TRD": {"Ministry of Economy and Trade"}, "EXP": {"Export Control and Nuclear Safety Agency"},
				"SOC": {"Child and Family Protection Agency"}, "ACA": {"Anti-Corruption Bureau"}, "CSA": {"Civil Service Agency"},
			},
		},
		sites: map[string]string{"airport": "Calderan International Airport", "port": "Port of Santa Velia",
			"landbcp": "Velmaro road crossing", "remotebcp": "Kestrin Pass crossing", "railbcp": "Dorvel border station"},
		means: map[string]float64{"GOV": 1.7, "RSK": 1.4, "BCP": 1.8, "TRV": 1.1, "SUR": 1.3, "NAC": 1.6, "INT": 2.0, "ILF": 1.7, "HRD": 1.8, "RIG": 1.5},
		team: []demoPerson{
			{"Hélène Marchetti", "helene.marchetti@example.org", "Demo Consulting Group", assessment.UserConsultant, ""},
			{"Tomasz Wren", "tomasz.wren@example.org", "Demo Consulting Group", assessment.UserConsultant, ""},
			{"Adaeze Okafor", "adaeze.okafor@example.org", "Demo Consulting Group", assessment.UserConsultant, ""},
			{"Ingrid Salo", "ingrid.salo@example.org", "Demo Quality Review Unit", assessment.UserConsultant, ""},
		},
		rounds: []demoRound{
			{title: "IBM gaps and needs assessment 2024 (baseline)", startedOn: "2024-03-11", status: assessment.StatusPublished},
			{title: "IBM gaps and needs assessment 2026 (follow-up)", startedOn: "2026-09-14", status: assessment.StatusInReview, uplift: 0.35},
		},
	},
	{
		code: "XAB", name: "Valdoria",
		modes: []assessment.Mode{assessment.ModeAir, assessment.ModeLand, assessment.ModeRail},
		profile: assessment.Profile{
			CoordinationBody: "Inter-Agency Border Commission",
			BCPs:             map[assessment.Mode]int{assessment.ModeAir: 1, assessment.ModeLand: 7, assessment.ModeRail: 1},
			LandBorderKm:     890,
			Neighbours:       []string{"Republic of Meridia (fictional)", "Federation of Norland (fictional)", "Tarsic Republic (fictional)"},
			CriticalPillars:  []string{"BCP", "ILF"},
			StrategyStart:    2027,
			Context: "Landlocked state crossed by a regional transit corridor; trafficking of small arms and migrant smuggling " +
				"along the southern green border; one international airport.",
			Agencies: map[string][]string{
				"BG": {"Valdorian Border Guard"}, "CUS": {"Valdoria Revenue and Customs"}, "POL": {"State Police"},
				"NSI": {"National Intelligence Agency"}, "CTC": {"Anti-Terrorism Coordination Office"},
				"NCB": {"INTERPOL NCB Valdor"}, "FIU": {"Financial Monitoring Unit"}, "MOI": {"Ministry of Internal Affairs"},
				"MOF": {"Ministry of Finance"}, "MFA": {"Ministry of Foreign Affairs"}, "MOJ": {"Ministry of Justice"},
				"DOC": {"Passport and Registration Service"}, "CAA": {"Civil Aviation Agency"}, "ARMY": {"Valdorian Defence Forces"},
				"ASYL": {"Migration and Asylum Department"}, "DPA": {"Data Protection Inspectorate"}, "NHRI": {"Human Rights Defender"},
				"SPS": {"Veterinary and Phytosanitary Service"}, "LOC": {"Southern border municipalities"},
				"IBM-CB": {"Inter-Agency Border Commission"},
				// IMM, PIU and others are deliberately unmapped: the demo shows the
				// generator flagging them rather than guessing.
			},
		},
		sites: map[string]string{"airport": "Valdor Capital Airport", "port": "Brennick inland container terminal",
			"landbcp": "Brennick Bridge crossing", "remotebcp": "Tellmar Gap crossing", "railbcp": "Aldwyn border station"},
		means: map[string]float64{"GOV": 2.1, "RSK": 1.8, "BCP": 1.6, "TRV": 1.5, "SUR": 1.7, "NAC": 2.2, "INT": 2.3, "ILF": 1.4, "HRD": 2.0, "RIG": 2.2},
		team: []demoPerson{
			{"Rafael Quintero", "rafael.quintero@example.org", "Demo Border Programme", assessment.UserConsultant, ""},
			{"Mei-Lin Zhou", "meilin.zhou@example.org", "Demo Border Programme", assessment.UserConsultant, ""},
			{"Samir Haddad", "samir.haddad@example.org", "Demo Border Programme", assessment.UserConsultant, ""},
			{"Lucía Ferrer", "lucia.ferrer@example.org", "Demo Quality Review Unit", assessment.UserConsultant, ""},
		},
		rounds: []demoRound{
			{title: "Border security and management assessment 2026", startedOn: "2026-05-04", status: assessment.StatusValidated},
		},
	},
}

// demoOthers are users with global roles: the administrator, the ministry
// focal points and a donor.
var demoOthers = []demoPerson{
	{"Demo Administrator", "admin@example.org", "bordergap", assessment.UserAdmin, ""},
	{"Mira Castell", "focal.point@moi.xaa.example", "Ministry of Interior, Republic of Meridia", assessment.UserMinistry, "XAA"},
	{"Jonas Petrak", "focal.point@mia.xab.example", "Ministry of Internal Affairs, Valdoria", assessment.UserMinistry, "XAB"},
	{"Amal Rahimi", "amal.rahimi@donor.example", "Demo Border Fund", assessment.UserDonor, ""},
}

// hash01 returns a deterministic number in [0, 1) for the given parts.
func hash01(parts ...string) float64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return float64(h.Sum64()%1_000_003) / 1_000_003
}

func clampLevel(v int) assessment.Level { return assessment.Level(max(0, min(4, v))) }

// trueLevel is the level the evidence supports for a state at a round.
func (s *demoState) trueLevel(ind *assessment.Indicator, round int) assessment.Level {
	mean := s.means[assessment.PillarCode(ind.ID)]
	x := hash01(s.code, ind.ID, "level")
	v := mean + (x-0.5)*2.4 // ±1.2 around the pillar mean
	if ind.Weight == 1 {
		v -= 0.3 // advanced practice lags
	}
	l := clampLevel(int(v + 0.5))
	if round > 1 && l < 4 && hash01(s.code, ind.ID, "uplift") < s.rounds[round-1].uplift {
		l++
	}
	return l
}

func (s *demoState) fill(text string) string {
	for code, names := range s.profile.Agencies {
		text = strings.ReplaceAll(text, "{"+code+"}", names[0])
	}
	for k, v := range s.sites {
		text = strings.ReplaceAll(text, "{"+k+"}", v)
	}
	// An unmapped role keeps a readable generic name.
	for _, pair := range [][2]string{{"{IMM}", "the migration service"}, {"{PIU}", "the passenger information unit"},
		{"{CG}", "the coast guard"}, {"{MAR}", "the maritime administration"}} {
		text = strings.ReplaceAll(text, pair[0], pair[1])
	}
	return text
}

// demoResponse is what one assessor records for one indicator.
func (s *demoState) demoResponse(notes map[string]map[string]demoNote, ind *assessment.Indicator, round, assessorIdx int, lead bool) assessment.Response {
	truth := s.trueLevel(ind, round)
	key := fmt.Sprintf("%s/%d/%d", ind.ID, round, assessorIdx)
	x := hash01(s.code, key, "noise")
	l := int(truth)
	switch {
	case x < 0.12:
		l--
	case x < 0.24:
		l++
	case x < 0.27 && assessorIdx == 2:
		l += 2 // an optimistic reading that the review will have to settle
	}
	level := clampLevel(l)
	band := "mid"
	switch {
	case level <= 1:
		band = "low"
	case level >= 3:
		band = "high"
	}
	n := notes[ind.ID][band]
	conf := assessment.ConfidenceMedium
	switch c := hash01(s.code, key, "confidence"); {
	case c < 0.1:
		conf = assessment.ConfidenceLow
	case c < 0.55:
		conf = assessment.ConfidenceHigh
	}
	target := assessment.DefaultTarget
	if lead && ind.Weight == 3 && s.isCritical(ind) {
		target = 4
	}
	sources := make([]string, len(n.Sources))
	for i, src := range n.Sources {
		sources[i] = s.fill(src)
	}
	return assessment.Response{IndicatorID: ind.ID, Level: level, Target: target, Confidence: conf, Note: s.fill(n.Note), Sources: sources}
}

func (s *demoState) isCritical(ind *assessment.Indicator) bool {
	return s.profile.ThreatFactor(assessment.PillarCode(ind.ID)) > 1
}

func demoCommand(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("demo takes no arguments")
	}
	existing, err := e.db.FindAssessments(ctx, assessment.AssessmentFilter{State: "XAA"})
	if err != nil {
		return err
	}
	if len(existing) > 0 && !e.opts.force {
		fmt.Fprintf(e.stdout, "The demo is already in %s (assessments of XAA exist). Use --force to add it again.\n", e.opts.db)
		return nil
	}
	summary, err := createDemo(ctx, e)
	if err != nil {
		return err
	}
	fmt.Fprint(e.stdout, summary)
	return nil
}

// createDemo writes the demo through the store's ordinary API, so it passes
// the same validation, versioning and audit as real work.
func createDemo(ctx context.Context, e *env) (string, error) {
	var notes map[string]map[string]demoNote
	if err := json.Unmarshal(demoNotesJSON, &notes); err != nil {
		return "", fmt.Errorf("demo notes: %w", err)
	}
	f := frameworks.Default()
	for _, id := range f.IndicatorIDs() {
		for _, band := range []string{"low", "mid", "high"} {
			if notes[id][band].Note == "" {
				return "", fmt.Errorf("demo notes: %s has no %s note", id, band)
			}
		}
	}
	user := func(p demoPerson) (int64, error) {
		if u, err := e.db.FindUserByEmail(ctx, p.email); err == nil {
			return u.ID, nil
		}
		u := &assessment.User{Name: p.name, Email: p.email, Organisation: p.org, Role: p.role, Country: p.country}
		if err := e.db.CreateUser(ctx, 0, u); err != nil {
			return 0, err
		}
		return u.ID, nil
	}
	var out strings.Builder
	for _, p := range demoOthers {
		if _, err := user(p); err != nil {
			return "", err
		}
	}
	for si := range demoStates {
		s := &demoStates[si]
		ids := make([]int64, len(s.team))
		for i, p := range s.team {
			id, err := user(p)
			if err != nil {
				return "", err
			}
			ids[i] = id
		}
		lead := ids[0]
		team := []assessment.Member{{UserID: ids[0], Role: assessment.RoleLead}, {UserID: ids[1], Role: assessment.RoleAssessor},
			{UserID: ids[2], Role: assessment.RoleAssessor}, {UserID: ids[3], Role: assessment.RoleReviewer}}
		var baseline int64
		for ri, round := range s.rounds {
			a := &assessment.Assessment{State: s.code, StateName: s.name, Title: round.title, FrameworkID: f.ID, FrameworkVersion: f.Version,
				Scope: assessment.Scope{Modes: s.modes}, Profile: s.profile, Team: team, BaselineID: baseline, Round: ri + 1, StartedOn: round.startedOn}
			if err := e.db.CreateAssessment(ctx, lead, a); err != nil {
				return "", err
			}
			// Each assessor saves their own responses, pillar by pillar, as
			// they would from the questionnaire.
			for ai := 0; ai < 3; ai++ {
				for _, p := range f.Pillars {
					var batch []assessment.Response
					for _, c := range p.Capacities {
						for i := range c.Indicators {
							ind := &c.Indicators[i]
							var r assessment.Response
							if !ind.AppliesTo(s.modes) {
								r = assessment.Response{IndicatorID: ind.ID, Level: assessment.NA, Target: assessment.Unscored, Note: "Mode not present in the state: N/A."}
							} else {
								r = s.demoResponse(notes, ind, ri+1, ai, ai == 0)
							}
							r.AssessorID = ids[ai]
							batch = append(batch, r)
						}
					}
					if _, err := e.db.SaveResponses(ctx, ids[ai], a.ID, batch); err != nil {
						return "", fmt.Errorf("demo %s round %d: %w", s.code, ri+1, err)
					}
				}
			}
			// A human-rights concern recorded by one assessor on the FTF risk
			// indicators (discriminatory profiling reported by the NHRI).
			if s.code == "XAA" {
				rs, err := e.db.FindResponses(ctx, a.ID)
				if err != nil {
					return "", err
				}
				for _, r := range rs {
					if r.IndicatorID == "RSK.2.1" && r.AssessorID == ids[1] {
						r.RightsConcern = true
						r.Level = min(r.Level, assessment.RightsCap)
						r.Note += " The Ombudsperson's 2023 report documents referrals to second line based on nationality and religious dress; recorded as a human-rights concern (RIG.4.2)."
						if _, err := e.db.SaveResponses(ctx, ids[1], a.ID, []assessment.Response{r}); err != nil {
							return "", err
						}
					}
				}
			}
			// The lead settles the indicators where assessors disagree by two
			// levels or more, after the validation workshop.
			l := &loaded{a: a, f: f}
			var err error
			if l.responses, err = e.db.FindResponses(ctx, a.ID); err != nil {
				return "", err
			}
			an := l.analyse()
			var cons []assessment.Consensus
			for _, r := range an.Indicators {
				if r.SpreadFlag && round.status != assessment.StatusDraft {
					cons = append(cons, assessment.Consensus{IndicatorID: r.Indicator.ID, Level: r.Proposed, Target: r.Target,
						Comment: fmt.Sprintf("Spread %d–%s discussed at the validation workshop; the team retains %s, the highest level fully evidenced.",
							r.Min, r.Max, r.Proposed)})
				}
			}
			if len(cons) > 0 {
				if _, err := e.db.SaveConsensus(ctx, lead, a.ID, cons); err != nil {
					return "", err
				}
			}
			for _, st := range assessment.Statuses[1:] {
				if assessment.Statuses[0] == round.status {
					break
				}
				cur, err := e.db.FindAssessmentByID(ctx, a.ID)
				if err != nil {
					return "", err
				}
				if cur.Status == round.status {
					break
				}
				if _, err := e.db.SetStatus(ctx, lead, a.ID, cur.Version, st); err != nil {
					return "", err
				}
			}
			fmt.Fprintf(&out, "created assessment %d: %s — %s (round %d, %s, %d consensus records)\n", a.ID, s.name, round.title, ri+1, round.status.Label(), len(cons))
			baseline = a.ID
		}
	}
	out.WriteString("\nDemo users (fictional):\n")
	for _, s := range demoStates {
		for i, p := range s.team {
			role := []string{"lead assessor", "assessor", "assessor", "reviewer"}[i]
			fmt.Fprintf(&out, "  %-32s %s, %s (%s)\n", p.email, p.name, role, s.code)
		}
	}
	for _, p := range demoOthers {
		fmt.Fprintf(&out, "  %-32s %s, %s\n", p.email, p.name, p.role)
	}
	out.WriteString("\nNext: bordergap scorecard <ID>   (IDs above; 'bordergap assessment list' lists them)\n")
	return out.String(), nil
}
