using System.Globalization;

namespace VictimSurvey.Core.Fieldwork;

/// <summary>
/// Derives a case's state and final AAPOR disposition from its events. The full table and the
/// reasons for each choice: docs/methodology/fieldwork.md.
/// </summary>
/// <remarks>
/// <para>Order: events are sorted by time (the instant, whatever the offset); ties by the position of
/// the type in <see cref="CaseEventTypes.All"/> (so at the same instant a web complete comes before a
/// paper return, and any complete before an ineligibility), then by mode and source (ordinal). The
/// result does not depend on the order the events are given in.</para>
/// <para>Precedence, first that applies:</para>
/// <list type="number">
/// <item>A complete (web complete, paper received, phone complete) not preceded by an ineligibility →
/// 1.1; the first complete gives the response mode; every later complete is a duplicate, not used. An
/// ineligibility after the complete is ignored: the person was in scope when interviewed.</item>
/// <item>An ineligibility (deceased, moved abroad, institution) → 4.11, 4.12, 4.13 from the first one;
/// completes after it are kept as duplicates, not used (someone else answered, or too late).</item>
/// <item>A web partial whose answered share reaches <see cref="DispositionRules.PartialThreshold"/> → 1.2.</item>
/// <item>A refusal (letter, helpline or telephone) → 2.11.</item>
/// <item>A web partial below the threshold, or of unknown share → 2.12 break-off.</item>
/// <item>A web login without any partial → 2.1121.</item>
/// <item>A helpline contact → 2.36; a telephone appointment → 2.21.</item>
/// <item>Mail undeliverable or e-mail bounced → 3.30 (AAPOR: for named persons an undelivered
/// invitation leaves eligibility unknown, it is not 4.x); wrong number → 3.91; telephone calls never
/// answered → 3.13; communications sent and nothing back → 3.19; no event → 3.11.</item>
/// </list>
/// </remarks>
public static class CaseDispositions
{
    private static readonly Dictionary<string, int> TypeRank =
        CaseEventTypes.All.Select((type, rank) => (type, rank)).ToDictionary(p => p.type, p => p.rank, StringComparer.Ordinal);

    private static readonly Dictionary<string, string> ModeOfComplete = new(StringComparer.Ordinal)
    {
        [CaseEventTypes.WebComplete] = FieldworkModes.Web,
        [CaseEventTypes.PaperReceived] = FieldworkModes.Paper,
        [CaseEventTypes.PhoneComplete] = FieldworkModes.Phone,
    };

    private static readonly Dictionary<string, DispositionCode> Ineligibility = new(StringComparer.Ordinal)
    {
        [CaseEventTypes.IneligibleDeceased] = DispositionCodes.Deceased,
        [CaseEventTypes.IneligibleMovedAbroad] = DispositionCodes.MovedAbroad,
        [CaseEventTypes.IneligibleInstitution] = DispositionCodes.InInstitution,
    };

    /// <summary>The events in the documented order (time, then type rank, then mode, then source).</summary>
    public static IReadOnlyList<CaseEvent> Order(IEnumerable<CaseEvent> events) =>
        events.OrderBy(e => e.At)
            .ThenBy(e => TypeRank.TryGetValue(e.Type, out var rank) ? rank : int.MaxValue)
            .ThenBy(e => e.Mode, StringComparer.Ordinal)
            .ThenBy(e => e.Source, StringComparer.Ordinal)
            .ToList();

    /// <summary>Derives one case's disposition.</summary>
    /// <param name="events">The case's events, in any order. Every event must belong to <paramref name="caseId"/> and have a known type.</param>
    /// <param name="partialAnsweredShare">Share of applicable questions answered in the case's web questionnaire (from the responses), used only for a web partial; null when unknown (then a partial is a break-off).</param>
    /// <param name="asOf">Events after this instant are ignored (the disposition as it stood then); null for all.</param>
    /// <exception cref="ArgumentException">An event of another case or of an unknown type: the import validates both, so this is a bug.</exception>
    public static CaseDisposition Derive(
        long caseId,
        IEnumerable<CaseEvent> events,
        DispositionRules? rules = null,
        double? partialAnsweredShare = null,
        DateTimeOffset? asOf = null)
    {
        rules ??= DispositionRules.Default;
        var ordered = Order(events.Where(e => asOf is null || e.At <= asOf.Value));
        foreach (var e in ordered)
        {
            if (e.CaseId != caseId)
            {
                throw new ArgumentException($"Case {caseId}: an event of case {e.CaseId} was passed in.", nameof(events));
            }

            if (!CaseEventTypes.IsKnown(e.Type))
            {
                throw new ArgumentException($"Case {caseId}: unknown event type '{e.Type}'.", nameof(events));
            }
        }

        var firstComplete = ordered.FirstOrDefault(e => ModeOfComplete.ContainsKey(e.Type));
        var firstIneligible = ordered.FirstOrDefault(e => Ineligibility.ContainsKey(e.Type));
        var completeFirst = firstComplete is not null
            && (firstIneligible is null || IndexOf(ordered, firstComplete) < IndexOf(ordered, firstIneligible));

        if (completeFirst)
        {
            var duplicates = ordered.Where(e => ModeOfComplete.ContainsKey(e.Type) && !ReferenceEquals(e, firstComplete)).ToList();
            var reason = $"First complete: {Describe(firstComplete!)}.";
            if (duplicates.Count > 0)
            {
                reason += $" Later completes kept as duplicates, not used: {string.Join("; ", duplicates.Select(Describe))}.";
            }

            if (firstIneligible is not null)
            {
                reason += $" Ineligibility recorded after the complete, ignored: {Describe(firstIneligible)}.";
            }

            return new CaseDisposition(caseId, DispositionCodes.Complete, CaseState.Completed, ModeOfComplete[firstComplete!.Type],
                firstComplete.At, duplicates, [firstComplete], reason);
        }

        if (firstIneligible is not null)
        {
            var unused = ordered.Where(e => ModeOfComplete.ContainsKey(e.Type)).ToList();
            var reason = $"Ineligible: {Describe(firstIneligible)}.";
            if (unused.Count > 0)
            {
                reason += $" Completes after the ineligibility kept, not used: {string.Join("; ", unused.Select(Describe))}.";
            }

            return Closed(caseId, Ineligibility[firstIneligible.Type], CaseState.Ineligible, firstIneligible, reason, unused);
        }

        var lastPartial = ordered.LastOrDefault(e => e.Type == CaseEventTypes.WebPartial);
        var partialCounts = lastPartial is not null && partialAnsweredShare is { } share && share >= rules.PartialThreshold;
        if (partialCounts)
        {
            var reason = $"Web partial with {Percent(partialAnsweredShare!.Value)} of the questions answered, at least the threshold {Percent(rules.PartialThreshold)}: {Describe(lastPartial!)}.";
            return Closed(caseId, DispositionCodes.Partial, CaseState.Started, lastPartial!, reason);
        }

        var refusal = ordered.FirstOrDefault(e => e.Type is CaseEventTypes.Refusal or CaseEventTypes.PhoneRefusal);
        if (refusal is not null)
        {
            return Closed(caseId, DispositionCodes.Refusal, CaseState.Refused, refusal, $"Refusal: {Describe(refusal)}.");
        }

        if (lastPartial is not null)
        {
            var answered = partialAnsweredShare is { } s ? $"{Percent(s)} of the questions answered" : "answered share unknown";
            var reason = $"Web partial, {answered}, below the threshold {Percent(rules.PartialThreshold)}: {Describe(lastPartial)}.";
            return Closed(caseId, DispositionCodes.BreakOff, CaseState.Started, lastPartial, reason);
        }

        // The remaining outcomes, most informative first: a contact with the person before a failure to reach them.
        (string Type, DispositionCode Code, CaseState State, string Why)[] ladder =
        [
            (CaseEventTypes.WebLogin, DispositionCodes.LoggedOnNoAnswer, CaseState.Started, "Logged on to the web questionnaire, no answer"),
            (CaseEventTypes.HelplineContact, DispositionCodes.OtherContact, CaseState.Contacted, "Helpline contact, no interview"),
            (CaseEventTypes.PhoneAppointment, DispositionCodes.NeverAvailable, CaseState.Contacted, "Telephone appointment never kept"),
            (CaseEventTypes.MailUndeliverable, DispositionCodes.Undelivered, CaseState.Unlocated, "Invitation undelivered"),
            (CaseEventTypes.EmailBounced, DispositionCodes.Undelivered, CaseState.Unlocated, "Invitation undelivered"),
            (CaseEventTypes.PhoneWrongNumber, DispositionCodes.WrongNumber, CaseState.Unlocated, "Wrong telephone number"),
            (CaseEventTypes.PhoneNoAnswer, DispositionCodes.PhoneNoAnswer, CaseState.Invited, "Telephone calls never answered"),
            (CaseEventTypes.CommunicationSent, DispositionCodes.NothingReturned, CaseState.Invited, "Communications sent, nothing returned"),
        ];
        foreach (var (type, code, state, why) in ladder)
        {
            var decisive = ordered.Where(e => e.Type == type).ToList();
            if (decisive.Count > 0)
            {
                return new CaseDisposition(caseId, code, state, null, null, [], decisive, $"{why}: {string.Join("; ", decisive.Select(Describe))}.");
            }
        }

        return new CaseDisposition(caseId, DispositionCodes.NotMailed, CaseState.NotContacted, null, null, [], [], "No event.");
    }

    /// <summary>
    /// Derives the disposition of every case of <paramref name="caseIds"/> (a case without events is
    /// 3.11), in the order of <paramref name="caseIds"/>.
    /// </summary>
    /// <param name="partialAnsweredShares">Answered share of the web questionnaire by case, for the cases that have one.</param>
    /// <exception cref="ArgumentException">An event of a case not in <paramref name="caseIds"/>.</exception>
    public static IReadOnlyList<CaseDisposition> DeriveAll(
        IEnumerable<long> caseIds,
        IEnumerable<CaseEvent> events,
        DispositionRules? rules = null,
        IReadOnlyDictionary<long, double>? partialAnsweredShares = null,
        DateTimeOffset? asOf = null)
    {
        var ids = caseIds.ToList();
        var byCase = events.GroupBy(e => e.CaseId).ToDictionary(g => g.Key, g => g.ToList());
        var known = ids.ToHashSet();
        var stray = byCase.Keys.FirstOrDefault(id => !known.Contains(id), long.MinValue);
        if (stray != long.MinValue)
        {
            throw new ArgumentException($"Events of case {stray}, which is not in the sample.", nameof(events));
        }

        return ids.Select(id => Derive(
                id,
                byCase.TryGetValue(id, out var own) ? own : [],
                rules,
                partialAnsweredShares is not null && partialAnsweredShares.TryGetValue(id, out var share) ? share : null,
                asOf))
            .ToList();
    }

    private static CaseDisposition Closed(long caseId, DispositionCode code, CaseState state, CaseEvent decisive, string reason, IReadOnlyList<CaseEvent>? unused = null) =>
        new(caseId, code, state, null, null, unused ?? [], [decisive], reason);

    private static int IndexOf(IReadOnlyList<CaseEvent> ordered, CaseEvent e)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ReferenceEquals(ordered[i], e))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Describe(CaseEvent e) =>
        $"{e.Type} ({e.Mode}, {e.Source}) at {e.At.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)}";

    private static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture);
}
