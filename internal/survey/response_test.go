package survey_test

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
)

// TestClassify: each scale at its boundaries.
func TestClassify(t *testing.T) {
	for _, c := range []struct {
		scale survey.Scale
		score int
		want  survey.Sentiment
	}{
		{survey.NPS, 0, survey.Detractor}, {survey.NPS, 6, survey.Detractor}, {survey.NPS, 7, survey.Passive},
		{survey.NPS, 8, survey.Passive}, {survey.NPS, 9, survey.Promoter}, {survey.NPS, 10, survey.Promoter},
		{survey.CSAT, 1, survey.Detractor}, {survey.CSAT, 2, survey.Detractor}, {survey.CSAT, 3, survey.Passive},
		{survey.CSAT, 4, survey.Promoter}, {survey.CSAT, 5, survey.Promoter},
	} {
		if got := survey.Classify(c.scale, c.score); got != c.want {
			t.Errorf("%s %d: %s, want %s", c.scale, c.score, got, c.want)
		}
	}
}

// TestResponseValidate: every field at its limits.
func TestResponseValidate(t *testing.T) {
	now := time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name   string
		change func(r *survey.Response)
		field  string
	}{
		{"valid", func(r *survey.Response) {}, ""},
		{"NPS 11", func(r *survey.Response) { r.Score = 11 }, "score"},
		{"NPS -1", func(r *survey.Response) { r.Score = -1 }, "score"},
		{"CSAT 0", func(r *survey.Response) { r.Scale, r.Score = survey.CSAT, 0 }, "score"},
		{"CSAT 5", func(r *survey.Response) { r.Scale, r.Score = survey.CSAT, 5 }, ""},
		{"CSAT 6", func(r *survey.Response) { r.Scale, r.Score = survey.CSAT, 6 }, "score"},
		{"unknown scale", func(r *survey.Response) { r.Scale = "stars" }, "scale"},
		{"no event", func(r *survey.Response) { r.Event = " " }, "event"},
		{"no vendor", func(r *survey.Response) { r.Source = "" }, "source"},
		{"answered in the future", func(r *survey.Response) { r.AnsweredAt = now.Add(time.Second) }, "answered_at"},
	} {
		r := survey.Response{CustomerID: "cus_1", Event: "exit:cus_1", Source: "pollster", Scale: survey.NPS, Score: 3, AnsweredAt: now}
		c.change(&r)
		err := r.Validate(now)
		if tact.ErrorField(err) != c.field || (c.field == "") != (err == nil) {
			t.Errorf("%s: %v, want an error on %q", c.name, err, c.field)
		}
	}
}
