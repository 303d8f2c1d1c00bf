using Bogus;
using VictimSurvey.Core.Fieldwork;
using VictimSurvey.Data.Fieldwork;

namespace VictimSurvey.Jobs.Fieldwork;

/// <summary>
/// The knobs of the demo's fieldwork simulation (docs/methodology/fieldwork-data.md, "Simulated seasons").
/// The defaults give, on the demo sample, about 53% completes with about 80% of them by web, as VRS 2022.
/// </summary>
public sealed record SeasonSimulationParameters
{
    /// <summary>Chance that an open case answers on the web after the 1st, 2nd, 3rd… mail or e-mail step (before the person factor).</summary>
    public IReadOnlyList<double> WebAfterStep { get; init; } = [0.35, 0.21, 0.12, 0.06];

    /// <summary>Chance that a web respondent finishes in the session (else a partial; a third of those finish a few days later).</summary>
    public double WebFinishes { get; init; } = 0.88;

    /// <summary>Chance of a web login that goes no further, per mail step.</summary>
    public double LoginOnly { get; init; } = 0.03;

    /// <summary>Chance that an open case sends the paper questionnaire back after the step that includes it.</summary>
    public double PaperReturn { get; init; } = 0.085;

    /// <summary>Chance that a case that completed on the web after receiving the paper questionnaire still sends it back (a duplicate).</summary>
    public double PaperDuplicate { get; init; } = 0.10;

    /// <summary>Telephone attempt outcomes (per attempt, before the person factor on completes): wrong number, refusal, complete, appointment; the rest is no answer.</summary>
    public double PhoneWrongNumber { get; init; } = 0.07;
    public double PhoneRefusal { get; init; } = 0.08;
    public double PhoneComplete { get; init; } = 0.04;
    public double PhoneAppointment { get; init; } = 0.06;

    /// <summary>Chance that an appointment ends in a telephone interview.</summary>
    public double AppointmentKept { get; init; } = 0.5;

    /// <summary>Telephone attempts per case at most.</summary>
    public int PhoneAttempts { get; init; } = 4;

    /// <summary>Share of first letters returned undeliverable (3% in VRS-like mail surveys).</summary>
    public double Undeliverable { get; init; } = 0.03;

    /// <summary>Share of e-mails that bounce (e-mail steps only).</summary>
    public double EmailBounce { get; init; } = 0.05;

    /// <summary>Share of cases found ineligible (deceased, moved abroad, in an institution), about 2%.</summary>
    public double Ineligible { get; init; } = 0.02;

    /// <summary>Share of written or helpline refusals.</summary>
    public double Refusal { get; init; } = 0.03;

    /// <summary>Share of cases that call the helpline (a contact, not a refusal).</summary>
    public double Helpline { get; init; } = 0.02;

    /// <summary>Response factor by age group: the young answer less, the 75+ less on the web but more on paper.</summary>
    public IReadOnlyDictionary<string, double> AgeFactor { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["18-29"] = 0.62, ["30-44"] = 0.88, ["45-59"] = 1.05, ["60-74"] = 1.22, ["75+"] = 1.0,
    };

    /// <summary>Response factor by sex (F, M).</summary>
    public IReadOnlyDictionary<string, double> SexFactor { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["F"] = 1.04, ["M"] = 0.96,
    };

    /// <summary>Planted departmental variation: these departments answer less (or more) than the rest; others get a fixed factor in [0.9, 1.1] from their code.</summary>
    public IReadOnlyDictionary<string, double> DepartmentFactor { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["93"] = 0.72, ["971"] = 0.70, ["972"] = 0.72, ["974"] = 0.78, ["2B"] = 0.80, ["2A"] = 0.82, ["75"] = 0.88,
        ["13"] = 0.88, ["95"] = 0.85, ["35"] = 1.15, ["29"] = 1.15, ["74"] = 1.12,
    };

    /// <summary>The paper questionnaire goes to the web-shy: factor on paper returns for the 75+ (and 60–74).</summary>
    public double OldPaperBoost { get; init; } = 2.2;
}

/// <summary>
/// Generates a whole fieldwork season for an edition's cases: the protocol's communications and what
/// the contractors would report (web, paper scanning, post office, telephone centre, helpline).
/// Pure and deterministic: the same cases, protocol, season and seed give the same events, and the
/// season up to day k is the prefix of the whole season (so simulating to day 30 then to day 70 gives
/// the same as simulating to day 70 at once). Each case is simulated in id order from one random stream.
/// </summary>
public static class SeasonSimulation
{
    public const string WebSource = "web-platform";
    public const string PostSource = "la-poste";
    public const string PaperSource = "paper-scanning";
    public const string PhoneSource = "cati-centre";
    public const string HelplineSource = "helpline";
    public const string ProtocolSource = "protocol";

    private const int Never = int.MaxValue;

    /// <summary>
    /// Every event of the season, in time order; <c>communication_sent</c> events (source "protocol",
    /// at midnight of the step's day in Paris) are the ones the contact protocol writes itself.
    /// Events fall in [season start, season end]; with <paramref name="untilDay"/>, on days 0…untilDay only.
    /// </summary>
    public static IReadOnlyList<CaseEvent> Generate(
        IReadOnlyList<SimulatedCase> cases, DateOnly seasonStart, DateOnly seasonEnd, IReadOnlyList<ProtocolStep> steps,
        int seed, SeasonSimulationParameters? parameters = null, int? untilDay = null)
    {
        var p = parameters ?? new SeasonSimulationParameters();
        var random = new Randomizer(seed);
        var lastDay = seasonEnd.DayNumber - seasonStart.DayNumber;
        var close = steps.FirstOrDefault(s => s.Target == ProtocolTargets.Close);
        var horizon = Math.Min(lastDay, close?.DayOffset ?? lastDay);
        var until = Math.Min(untilDay ?? lastDay, lastDay);
        var dayStarts = Enumerable.Range(0, lastDay + 1).Select(d => FieldworkClock.StartOf(seasonStart.AddDays(d))).ToArray();

        var all = new List<CaseEvent>(cases.Count * 5);
        var caseEvents = new List<Draft>(16);
        foreach (var c in cases)
        {
            caseEvents.Clear();
            SimulateCase(c, steps, horizon, p, random, caseEvents);
            Keep(caseEvents, until, dayStarts, c.Id, all);
        }

        all.Sort((a, b) => a.At.CompareTo(b.At));
        return all;
    }

    /// <summary>An event before it gets its instant: day index, minutes after midnight (Paris), and whether it may follow a complete.</summary>
    private readonly record struct Draft(int Day, int Minute, string Type, string Mode, string Source, bool AfterComplete = false)
    {
        public long Order => ((long)Day * 1440) + Minute;
    }

    private static void SimulateCase(SimulatedCase c, IReadOnlyList<ProtocolStep> steps, int horizon, SeasonSimulationParameters p, Randomizer r, List<Draft> ev)
    {
        var factor = p.AgeFactor.GetValueOrDefault(c.AgeGroup, 1.0) * p.SexFactor.GetValueOrDefault(c.Sex, 1.0) * DepartmentFactor(p, c.DepartmentCode);
        var old = c.AgeGroup is "75+" or "60-74";
        var webFactor = factor * (c.AgeGroup == "75+" ? 0.6 : 1.0);
        var paperFactor = factor * (c.AgeGroup == "75+" ? p.OldPaperBoost : c.AgeGroup == "60-74" ? p.OldPaperBoost / 1.6 : 0.8);

        // Latent events, independent of the letters (they still need the first letter to be reported).
        var firstClose = Never;
        if (r.Double() < p.Ineligible)
        {
            var u = r.Double();
            var type = old ? (u < 0.55 ? CaseEventTypes.IneligibleDeceased : u < 0.65 ? CaseEventTypes.IneligibleMovedAbroad : CaseEventTypes.IneligibleInstitution)
                           : (u < 0.15 ? CaseEventTypes.IneligibleDeceased : u < 0.85 ? CaseEventTypes.IneligibleMovedAbroad : CaseEventTypes.IneligibleInstitution);
            var day = r.Int(3, 60);
            var byPhone = r.Double() < 0.3;
            Add(ev, ref firstClose, day, r, type, byPhone ? FieldworkModes.Phone : FieldworkModes.Mail, byPhone ? HelplineSource : PostSource);
        }

        if (r.Double() < p.Refusal / Math.Max(factor, 0.5))
        {
            var byPhone = r.Double() < 0.5;
            Add(ev, ref firstClose, r.Int(2, 40), r, CaseEventTypes.Refusal, byPhone ? FieldworkModes.Phone : FieldworkModes.Mail, byPhone ? HelplineSource : PostSource);
        }

        if (r.Double() < p.Helpline)
        {
            var unused = Never;
            Add(ev, ref unused, r.Int(1, 45), r, CaseEventTypes.HelplineContact, FieldworkModes.Phone, HelplineSource);
        }

        var undeliverableDay = Never;
        var bouncedDay = Never;
        var wrongNumber = false;
        var webStep = 0;
        var webCompleteDay = Never;
        foreach (var step in steps)
        {
            var d = step.DayOffset;
            if (step.Target == ProtocolTargets.Close || d > horizon || firstClose < d)
            {
                continue;
            }

            var reached = step.Target switch
            {
                ProtocolTargets.OpenWithPhone => c.HasPhone && !wrongNumber,
                ProtocolTargets.OpenWithEmail => c.HasEmail && bouncedDay >= d,
                _ => true,
            };
            if (!reached || (step.Channel == FieldworkModes.Mail && undeliverableDay < d))
            {
                continue;
            }

            ev.Add(new Draft(d, 0, CaseEventTypes.CommunicationSent, step.Channel!, ProtocolSource));
            if (step.Channel == FieldworkModes.Phone)
            {
                wrongNumber = Phone(d, horizon, factor, p, r, ev, ref firstClose);
                continue;
            }

            if (step.Channel == FieldworkModes.Mail && undeliverableDay == Never && webStep == 0 && r.Double() < p.Undeliverable)
            {
                undeliverableDay = d + r.Int(3, 9);
                var unused = Never;
                Add(ev, ref unused, undeliverableDay, r, CaseEventTypes.MailUndeliverable, FieldworkModes.Mail, PostSource);
                webStep++;
                continue; // the credentials never arrived
            }

            if (step.Channel == FieldworkModes.Email && r.Double() < p.EmailBounce)
            {
                bouncedDay = d;
                var unused = Never;
                Add(ev, ref unused, d, r, CaseEventTypes.EmailBounced, FieldworkModes.Email, WebSource);
                continue;
            }

            // Web, mostly in the days after the letter.
            var pWeb = p.WebAfterStep[Math.Min(webStep, p.WebAfterStep.Count - 1)] * webFactor;
            webStep++;
            var u = r.Double();
            if (u < pWeb)
            {
                var day = d + 1 + (int)(-Math.Log(1 - r.Double()) * 3.0);
                var minute = r.Int(8 * 60, 21 * 60);
                ev.Add(new Draft(day, minute, CaseEventTypes.WebLogin, FieldworkModes.Web, WebSource));
                if (r.Double() < p.WebFinishes)
                {
                    Close(ev, ref firstClose, new Draft(day, minute + r.Int(15, 50), CaseEventTypes.WebComplete, FieldworkModes.Web, WebSource));
                    webCompleteDay = Math.Min(webCompleteDay, day);
                }
                else
                {
                    ev.Add(new Draft(day, minute + r.Int(5, 25), CaseEventTypes.WebPartial, FieldworkModes.Web, WebSource));
                    if (r.Double() < 0.33)
                    {
                        var later = day + r.Int(1, 6);
                        var m = r.Int(8 * 60, 21 * 60);
                        ev.Add(new Draft(later, m, CaseEventTypes.WebLogin, FieldworkModes.Web, WebSource));
                        Close(ev, ref firstClose, new Draft(later, m + r.Int(10, 40), CaseEventTypes.WebComplete, FieldworkModes.Web, WebSource));
                        webCompleteDay = Math.Min(webCompleteDay, later);
                    }
                }
            }
            else if (u < pWeb + p.LoginOnly)
            {
                var unused = Never;
                Add(ev, ref unused, d + 1 + (int)(-Math.Log(1 - r.Double()) * 4.0), r, CaseEventTypes.WebLogin, FieldworkModes.Web, WebSource);
            }

            // The paper questionnaire: returned some days later; a few web respondents send it back as well.
            if (step.Template is { } template && template.Contains("paper", StringComparison.Ordinal))
            {
                if (webCompleteDay != Never)
                {
                    if (r.Double() < p.PaperDuplicate)
                    {
                        ev.Add(new Draft(Math.Max(webCompleteDay, d) + r.Int(4, 15), r.Int(9 * 60, 17 * 60), CaseEventTypes.PaperReceived, FieldworkModes.Paper, PaperSource, AfterComplete: true));
                    }
                }
                else if (r.Double() < p.PaperReturn * paperFactor)
                {
                    Close(ev, ref firstClose, new Draft(d + r.Int(5, 24), r.Int(9 * 60, 17 * 60), CaseEventTypes.PaperReceived, FieldworkModes.Paper, PaperSource));
                }
            }
        }
    }

    /// <summary>Telephone follow-up from day <paramref name="d"/>: attempts a few days apart until an outcome; returns whether the number was wrong.</summary>
    private static bool Phone(int d, int horizon, double factor, SeasonSimulationParameters p, Randomizer r, List<Draft> ev, ref int firstClose)
    {
        var day = d + r.Int(0, 6);
        for (var attempt = 0; attempt < p.PhoneAttempts && day <= horizon; attempt++)
        {
            var minute = r.Int(9 * 60, 20 * 60);
            var u = r.Double();
            var complete = p.PhoneComplete * factor;
            if (u < p.PhoneWrongNumber)
            {
                ev.Add(new Draft(day, minute, CaseEventTypes.PhoneWrongNumber, FieldworkModes.Phone, PhoneSource));
                return true;
            }

            u -= p.PhoneWrongNumber;
            if (u < p.PhoneRefusal)
            {
                Close(ev, ref firstClose, new Draft(day, minute, CaseEventTypes.PhoneRefusal, FieldworkModes.Phone, PhoneSource));
                return false;
            }

            u -= p.PhoneRefusal;
            if (u < complete)
            {
                Close(ev, ref firstClose, new Draft(day, minute + r.Int(25, 40), CaseEventTypes.PhoneComplete, FieldworkModes.Phone, PhoneSource));
                return false;
            }

            u -= complete;
            if (u < p.PhoneAppointment)
            {
                ev.Add(new Draft(day, minute, CaseEventTypes.PhoneAppointment, FieldworkModes.Phone, PhoneSource));
                var at = day + r.Int(1, 4);
                if (r.Double() < p.AppointmentKept)
                {
                    Close(ev, ref firstClose, new Draft(at, r.Int(9 * 60, 20 * 60), CaseEventTypes.PhoneComplete, FieldworkModes.Phone, PhoneSource));
                    return false;
                }

                day = at;
                continue;
            }

            ev.Add(new Draft(day, minute, CaseEventTypes.PhoneNoAnswer, FieldworkModes.Phone, PhoneSource));
            day += r.Int(2, 6);
        }

        return false;
    }

    private static void Add(List<Draft> ev, ref int firstClose, int day, Randomizer r, string type, string mode, string source) =>
        Close(ev, ref firstClose, new Draft(day, r.Int(8 * 60, 21 * 60), type, mode, source));

    private static void Close(List<Draft> ev, ref int firstClose, Draft draft)
    {
        ev.Add(draft);
        if (ProtocolStore.ClosingEventTypes.Contains(draft.Type, StringComparer.Ordinal))
        {
            firstClose = Math.Min(firstClose, draft.Day);
        }
    }

    /// <summary>
    /// The case's events in time order up to its first closing event (a complete, a refusal, an
    /// ineligibility): nothing is reported after that but the duplicate paper returns. Then the
    /// cut-off at <paramref name="until"/> and the season's end.
    /// </summary>
    private static void Keep(List<Draft> ev, int until, DateTimeOffset[] dayStarts, long caseId, List<CaseEvent> into)
    {
        ev.Sort((a, b) => a.Order != b.Order ? a.Order.CompareTo(b.Order) : string.CompareOrdinal(a.Type, b.Type));
        var closed = false;
        var completed = false;
        foreach (var e in ev)
        {
            if (closed && !(completed && e.AfterComplete))
            {
                continue;
            }

            if (e.Day <= until && e.Day < dayStarts.Length)
            {
                into.Add(new CaseEvent(caseId, e.Type, dayStarts[e.Day].AddMinutes(Math.Min(e.Minute, (24 * 60) - 1)), e.Mode, e.Source));
            }

            if (!closed && ProtocolStore.ClosingEventTypes.Contains(e.Type, StringComparer.Ordinal))
            {
                closed = true;
                completed = e.Type is CaseEventTypes.WebComplete or CaseEventTypes.PaperReceived or CaseEventTypes.PhoneComplete;
            }
        }
    }

    /// <summary>The planted factor, or a fixed one in [0.9, 1.1] computed from the code's characters (stable across runs and machines).</summary>
    public static double DepartmentFactor(SeasonSimulationParameters p, string code)
    {
        if (p.DepartmentFactor.TryGetValue(code, out var f))
        {
            return f;
        }

        var h = 17;
        foreach (var ch in code)
        {
            h = unchecked((h * 31) + ch);
        }

        return 0.9 + (0.2 * ((h & 0x7fffffff) % 1000) / 999.0);
    }
}
