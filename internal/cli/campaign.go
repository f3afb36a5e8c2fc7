package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/campaign"
)

const campaignUsage = `usage: tact campaign plan [--out FILE] [--format csv|json] [store flags] CAMPAIGN_FILE
  CAMPAIGN_FILE is a campaign in TOML (.toml) or JSON, the fields of POST /v1/campaigns.`

// campaignCmd runs "tact campaign SUBCOMMAND".
func campaignCmd(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "plan" {
		fmt.Fprintln(env.Stderr, campaignUsage)
		return errUsage
	}
	return campaignPlan(ctx, env, args[1:])
}

// campaignPlan creates the campaign of a file (or finds the same one stored),
// plans it over every customer of its jurisdiction with a progress bar on
// stderr, prints the summary, and writes the entries as CSV or JSON.
func campaignPlan(ctx context.Context, env Env, args []string) error {
	fs, cfg, err := flags(env, "campaign plan")
	if err != nil {
		return err
	}
	out := fs.String("out", "", "write every entry of the plan to this file (- for stdout)")
	format := fs.String("format", "", "csv or json (default: from --out's extension, else csv)")
	// The file may come before or after the flags.
	files, err := parseWithArgs(fs, args)
	if err != nil || len(files) != 1 {
		fmt.Fprintln(env.Stderr, campaignUsage)
		return errUsage
	}
	file := files[0]
	if *format == "" {
		*format = "csv"
		if strings.EqualFold(filepath.Ext(*out), ".json") {
			*format = "json"
		}
	}
	if *format != "csv" && *format != "json" {
		fmt.Fprintln(env.Stderr, campaignUsage)
		return errUsage
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	c, err := readCampaign(file)
	if err != nil {
		return err
	}
	return withApp(ctx, env, cfg, func(a *app.App) error {
		stored, created, err := a.Campaigns.Create(ctx, c)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if created {
			fmt.Fprintf(env.Stdout, "Campaign %s created.\n", stored.Code)
		} else {
			fmt.Fprintf(env.Stdout, "Campaign %s already stored, the same: planning it again.\n", stored.Code)
		}
		start := time.Now()
		plan, entries, err := a.Campaigns.Plan(ctx, stored.Code, progressBar(env.Stderr, start))
		if err != nil {
			return err
		}
		writePlan(env.Stdout, plan, time.Since(start))
		if *out == "" {
			return nil
		}
		w := env.Stdout
		if *out != "-" {
			f, err := os.Create(*out)
			if err != nil {
				return err
			}
			defer f.Close()
			w = f
		}
		if *format == "json" {
			err = json.NewEncoder(w).Encode(struct {
				Plan    *campaign.Plan    `json:"plan"`
				Entries []*campaign.Entry `json:"entries"`
			}{plan, entries})
		} else {
			err = writeEntriesCSV(w, entries)
		}
		if err != nil {
			return err
		}
		if *out != "-" {
			fmt.Fprintf(env.Stdout, "Wrote %d entries to %s.\n", len(entries), *out)
		}
		return nil
	})
}

// readCampaign reads a campaign file: TOML by its extension, else JSON; a
// field the campaign does not have is refused, named.
func readCampaign(path string) (campaign.Campaign, error) {
	var c campaign.Campaign
	data, err := os.ReadFile(path)
	if err != nil {
		return c, err
	}
	if strings.EqualFold(filepath.Ext(path), ".toml") {
		// TOML is read as a document, then decoded as the API's JSON body,
		// so the file has exactly the API's field names.
		var doc map[string]any
		if err := toml.Unmarshal(data, &doc); err != nil {
			return c, fmt.Errorf("%s: %w", path, err)
		}
		if data, err = json.Marshal(doc); err != nil {
			return c, fmt.Errorf("%s: %w", path, err)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// writePlan prints a plan's summary: who was considered, what became of
// them, why those who were not targeted were not, and the load per day.
func writePlan(w io.Writer, p *campaign.Plan, took time.Duration) {
	fmt.Fprintf(w, "Planned %s in %s: %d customers considered, %d in the audience.\n", p.Campaign, took.Round(time.Millisecond), p.Customers, p.Audience)
	for _, o := range campaign.Outcomes {
		fmt.Fprintf(w, "  %-12s %d\n", o, p.Counts[o])
	}
	for _, part := range []struct {
		title  string
		counts map[string]int
	}{{"No offer fits, by offer rule", p.NoOffer}, {"Not contacted, by contact rule", p.Suppressed}} {
		if len(part.counts) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s:\n", part.title)
		rules := slices.SortedFunc(maps.Keys(part.counts), func(a, b string) int {
			if d := part.counts[b] - part.counts[a]; d != 0 {
				return d
			}
			return strings.Compare(a, b)
		})
		for _, r := range rules {
			fmt.Fprintf(w, "  %-26s %d\n", r, part.counts[r])
		}
	}
	if len(p.Days) > 0 {
		fmt.Fprintln(w, "Targets per day:")
		for _, d := range p.Days {
			fmt.Fprintf(w, "  %s  %d\n", d.Date, d.Targets)
		}
	}
}

// entryColumns are the CSV columns of a plan's entries.
var entryColumns = []string{"customer_id", "outcome", "offer_code", "line_id", "slot", "saving_24_months", "currency",
	"form_of_address", "rules", "reason_fr", "reason_en"}

// writeEntriesCSV writes entries as CSV, one row each, slots in UTC.
func writeEntriesCSV(w io.Writer, entries []*campaign.Entry) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(entryColumns); err != nil {
		return err
	}
	for _, e := range entries {
		slot, saving, form := "", "", ""
		if e.Slot != nil {
			slot = e.Slot.UTC().Format(time.RFC3339)
		}
		if e.Saving.Currency != "" {
			saving = strconv.FormatFloat(float64(e.Saving.Cents)/100, 'f', 2, 64)
		}
		if e.Address != nil {
			form = string(e.Address.FormOfAddress)
		}
		if err := cw.Write([]string{e.CustomerID, string(e.Outcome), e.OfferCode, e.LineID, slot, saving, string(e.Saving.Currency),
			form, strings.Join(e.Rules, ";"), e.Reason.FR, e.Reason.EN}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// progressBar draws planning's progress on one line of w, redrawn at each
// whole percent, and ends the line when done.
func progressBar(w io.Writer, start time.Time) app.Progress {
	last := -1
	return func(done, total int) {
		if total == 0 {
			return
		}
		pct := done * 100 / total
		if pct == last {
			return
		}
		last = pct
		const width = 30
		bar := strings.Repeat("█", pct*width/100) + strings.Repeat("·", width-pct*width/100)
		fmt.Fprintf(w, "\r  %s %3d%%  %d/%d customers  %s", bar, pct, done, total, time.Since(start).Round(100*time.Millisecond))
		if done >= total {
			fmt.Fprintln(w)
		}
	}
}
