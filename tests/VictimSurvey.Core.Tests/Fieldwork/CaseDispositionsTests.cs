using VictimSurvey.Core.Fieldwork;
using T = VictimSurvey.Core.Fieldwork.CaseEventTypes;

namespace VictimSurvey.Core.Tests.Fieldwork;

/// <summary>Each path through the disposition rules (issue #6, item 3).</summary>
public class CaseDispositionsTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.FromHours(1));

    /// <summary>"type@day" steps, day counted from the start; mode taken from the type.</summary>
    private static List<CaseEvent> Events(params string[] steps) =>
        steps.Select(step =>
        {
            var parts = step.Split('@');
            var type = parts[0];
            var mode = type switch
            {
                T.WebLogin or T.WebPartial or T.WebComplete or T.EmailBounced => FieldworkModes.Web,
                T.PaperReceived => FieldworkModes.Paper,
                T.PhoneNoAnswer or T.PhoneAppointment or T.PhoneRefusal or T.PhoneComplete or T.PhoneWrongNumber => FieldworkModes.Phone,
                _ => FieldworkModes.Mail,
            };
            return new CaseEvent(1, type, Start.AddDays(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)), mode, "contractor");
        }).ToList();

    public static TheoryData<string, string[], double?, string, string?, int> Paths => new()
    {
        // path, events, partial share, expected code, response mode, duplicates
        { "no event", [], null, "3.11", null, 0 },
        { "letters only", [$"{T.CommunicationSent}@0", $"{T.CommunicationSent}@10"], null, "3.19", null, 0 },
        { "web complete", [$"{T.CommunicationSent}@0", $"{T.WebLogin}@2", $"{T.WebComplete}@2"], null, "1.1", "web", 0 },
        { "paper after web complete is a duplicate", [$"{T.WebComplete}@3", $"{T.PaperReceived}@25"], null, "1.1", "web", 1 },
        { "paper first, web later: paper is the mode", [$"{T.PaperReceived}@22", $"{T.WebComplete}@30"], null, "1.1", "paper", 1 },
        { "phone complete after a refusal wins", [$"{T.Refusal}@5", $"{T.PhoneComplete}@40"], null, "1.1", "phone", 0 },
        { "complete then deceased stays complete", [$"{T.WebComplete}@3", $"{T.IneligibleDeceased}@20"], null, "1.1", "web", 0 },
        { "deceased then paper: ineligible, paper unused", [$"{T.IneligibleDeceased}@4", $"{T.PaperReceived}@30"], null, "4.11", null, 1 },
        { "moved abroad", [$"{T.CommunicationSent}@0", $"{T.IneligibleMovedAbroad}@8"], null, "4.12", null, 0 },
        { "institution", [$"{T.MailUndeliverable}@5", $"{T.IneligibleInstitution}@9"], null, "4.13", null, 0 },
        { "partial above the threshold", [$"{T.WebLogin}@1", $"{T.WebPartial}@1"], 0.6, "1.2", null, 0 },
        { "partial at the threshold", [$"{T.WebPartial}@1"], 0.5, "1.2", null, 0 },
        { "partial beats a later refusal", [$"{T.WebPartial}@1", $"{T.PhoneRefusal}@40"], 0.7, "1.2", null, 0 },
        { "partial below the threshold is a break-off", [$"{T.WebPartial}@1"], 0.2, "2.12", null, 0 },
        { "partial of unknown share is a break-off", [$"{T.WebPartial}@1"], null, "2.12", null, 0 },
        { "refusal beats a break-off", [$"{T.WebPartial}@1", $"{T.Refusal}@12"], 0.1, "2.11", null, 0 },
        { "telephone refusal", [$"{T.PhoneNoAnswer}@35", $"{T.PhoneRefusal}@36"], null, "2.11", null, 0 },
        { "login without answers", [$"{T.CommunicationSent}@0", $"{T.WebLogin}@3"], null, "2.1121", null, 0 },
        { "helpline contact", [$"{T.HelplineContact}@4", $"{T.PhoneNoAnswer}@36"], null, "2.36", null, 0 },
        { "appointment never kept", [$"{T.PhoneNoAnswer}@35", $"{T.PhoneAppointment}@36"], null, "2.21", null, 0 },
        { "mail undeliverable, no other contact", [$"{T.CommunicationSent}@0", $"{T.MailUndeliverable}@6"], null, "3.30", null, 0 },
        { "e-mail bounced", [$"{T.EmailBounced}@0", $"{T.PhoneNoAnswer}@36"], null, "3.30", null, 0 },
        { "undeliverable but logged on: the contact decides", [$"{T.MailUndeliverable}@6", $"{T.WebLogin}@9"], null, "2.1121", null, 0 },
        { "wrong number", [$"{T.CommunicationSent}@0", $"{T.PhoneWrongNumber}@35"], null, "3.91", null, 0 },
        { "telephone never answered", [$"{T.CommunicationSent}@0", $"{T.PhoneNoAnswer}@35", $"{T.PhoneNoAnswer}@37"], null, "3.13", null, 0 },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Each_path_gives_its_code_mode_and_duplicates(string path, string[] steps, double? share, string code, string? mode, int duplicates)
    {
        var events = Events(steps);
        events.Reverse(); // any order in

        var d = CaseDispositions.Derive(1, events, partialAnsweredShare: share);

        Assert.True(code == d.Code, $"{path}: expected {code}, got {d.Code} ({d.Reason})");
        Assert.Equal(mode, d.ResponseMode);
        Assert.Equal(duplicates, d.Duplicates.Count);
        Assert.Contains(DispositionCodes.All, c => c.Code == d.Code);
    }

    [Fact]
    public void The_first_complete_gives_the_time_and_the_deciding_event()
    {
        var d = CaseDispositions.Derive(1, Events($"{T.PaperReceived}@25", $"{T.WebComplete}@3"));

        Assert.Equal(Start.AddDays(3), d.FirstCompleteAt);
        Assert.Equal(T.WebComplete, Assert.Single(d.DecidedBy).Type);
        Assert.Equal(T.PaperReceived, Assert.Single(d.Duplicates).Type);
        Assert.Contains("duplicate", d.Reason, StringComparison.Ordinal);
        Assert.Equal(CaseState.Completed, d.State);
        Assert.False(d.IsOpen);
    }

    [Fact]
    public void Completes_at_the_same_instant_are_ordered_by_type_so_web_comes_first()
    {
        var at = Start.AddDays(5);
        CaseEvent[] events = [new(1, T.PaperReceived, at, FieldworkModes.Paper, "scan"), new(1, T.WebComplete, at, FieldworkModes.Web, "web")];

        Assert.Equal(FieldworkModes.Web, CaseDispositions.Derive(1, events).ResponseMode);
        Assert.Equal(FieldworkModes.Web, CaseDispositions.Derive(1, events.Reverse()).ResponseMode);
    }

    [Fact]
    public void A_complete_and_an_ineligibility_at_the_same_instant_give_a_complete()
    {
        var at = Start.AddDays(5);
        CaseEvent[] events = [new(1, T.IneligibleDeceased, at, FieldworkModes.Mail, "post"), new(1, T.PaperReceived, at, FieldworkModes.Paper, "scan")];

        Assert.Equal("1.1", CaseDispositions.Derive(1, events).Code);
    }

    [Fact]
    public void Time_order_uses_the_instant_not_the_local_clock()
    {
        // 10:00 at +02:00 is 08:00 UTC, before 09:00 at +00:00.
        CaseEvent[] events =
        [
            new(1, T.PaperReceived, new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.Zero), FieldworkModes.Paper, "scan"),
            new(1, T.WebComplete, new DateTimeOffset(2025, 3, 10, 10, 0, 0, TimeSpan.FromHours(2)), FieldworkModes.Web, "web"),
        ];

        Assert.Equal(FieldworkModes.Web, CaseDispositions.Derive(1, events).ResponseMode);
    }

    [Fact]
    public void As_of_a_date_later_events_are_ignored()
    {
        var events = Events($"{T.CommunicationSent}@0", $"{T.WebLogin}@2", $"{T.WebComplete}@12");

        var early = CaseDispositions.Derive(1, events, asOf: Start.AddDays(5));

        Assert.Equal("2.1121", early.Code);
        Assert.True(early.IsOpen);
        Assert.Equal("1.1", CaseDispositions.Derive(1, events).Code);
    }

    [Fact]
    public void The_partial_threshold_is_a_parameter()
    {
        var events = Events($"{T.WebPartial}@1");

        Assert.Equal("2.12", CaseDispositions.Derive(1, events, new DispositionRules(0.8), 0.6).Code);
        Assert.Equal("1.2", CaseDispositions.Derive(1, events, new DispositionRules(0.4), 0.6).Code);
    }

    [Fact]
    public void Open_states_follow_the_outcome()
    {
        Assert.Equal(CaseState.Refused, CaseDispositions.Derive(1, Events($"{T.Refusal}@3")).State);
        Assert.Equal(CaseState.Ineligible, CaseDispositions.Derive(1, Events($"{T.IneligibleDeceased}@3")).State);
        Assert.Equal(CaseState.Unlocated, CaseDispositions.Derive(1, Events($"{T.MailUndeliverable}@3")).State);
        Assert.Equal(CaseState.NotContacted, CaseDispositions.Derive(1, []).State);
        Assert.True(CaseDispositions.Derive(1, Events($"{T.MailUndeliverable}@3")).IsOpen);
    }

    [Fact]
    public void An_event_of_another_case_or_of_an_unknown_type_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CaseDispositions.Derive(2, Events($"{T.Refusal}@3")));
        Assert.Throws<ArgumentException>(() => CaseDispositions.Derive(1, [new CaseEvent(1, "teleported", Start, "web", "x")]));
    }

    [Fact]
    public void Derive_all_gives_every_sampled_case_in_order_including_those_without_events()
    {
        CaseEvent[] events =
        [
            new(7, T.WebComplete, Start, FieldworkModes.Web, "web"),
            new(9, T.WebPartial, Start, FieldworkModes.Web, "web"),
        ];

        var all = CaseDispositions.DeriveAll([9, 8, 7], events, partialAnsweredShares: new Dictionary<long, double> { [9] = 0.9 });

        Assert.Equal(["1.2", "3.11", "1.1"], all.Select(d => d.Code));
        Assert.Equal([9L, 8, 7], all.Select(d => d.CaseId));
        Assert.Throws<ArgumentException>(() => CaseDispositions.DeriveAll([8], events));
    }
}
