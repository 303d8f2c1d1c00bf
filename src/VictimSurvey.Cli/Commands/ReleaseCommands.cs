using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using VictimSurvey.Core.Accounts;
using VictimSurvey.Data;
using VictimSurvey.Data.Accounts;
using VictimSurvey.Data.Releases;
using VictimSurvey.Data.Weighting;
using VictimSurvey.Jobs.Files;
using VictimSurvey.Jobs.Releases;

namespace VictimSurvey.Cli.Commands;

/// <summary>
/// <c>victimsurvey releases create|list|estimates</c>: an edition's approved run released at a date-time,
/// seen before it only by its readers (docs/methodology/releases.md). The command trusts its operator (who
/// holds the database's connection string) for who they are: <c>--user</c> says on whose behalf the
/// estimates are written, the embargo is applied for that user, and the download is audited under that name.
/// </summary>
internal static partial class ReleaseCommands
{
    public static Command Create()
    {
        var releases = new Command("releases", "Releases of an edition's approved estimates, under embargo until their publication.");
        releases.Add(CreateRelease());
        releases.Add(List());
        releases.Add(Estimates());
        return releases;
    }

    private static Command CreateRelease()
    {
        var edition = new Option<int>("--edition") { Description = "the edition's year (its approved run is released)", Required = true };
        var publication = new Option<string>("--publication") { Description = "publication date-time with its offset, e.g. 2026-12-15T09:00+01:00", Required = true };
        var readers = new Option<string[]>("--reader") { Description = "an account that may see the release before its publication (repeat for several)", AllowMultipleArgumentsPerToken = false };
        var command = new Command("create", "Release the edition's approved run at a publication date-time, with the accounts that may see it before.") { edition, publication, readers };
        command.SetAction((parse, ct) => Guard(async () =>
        {
            var text = parse.GetValue(publication)!;
            if (!OffsetAtEnd().IsMatch(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                throw new CliException($"--publication '{text}': give a date-time with its offset (2026-12-15T09:00+01:00, or Z for UTC)");
            }

            await using var services = Services(parse);
            var release = await services.GetRequiredService<ReleaseStore>().CreateAsync(
                parse.GetValue(edition), at, parse.GetValue(readers) ?? [], Environment.UserName, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Release {release.Id}: edition {release.EditionYear}, weighting run {release.RunId}, published {release.PublicationAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC; readers before then: {(release.Readers.Length == 0 ? "none" : string.Join(", ", release.Readers))}."));
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "Every release with its publication date-time, state and readers (no figures).");
        command.SetAction((parse, ct) => Guard(async () =>
        {
            await using var services = Services(parse);
            var now = TimeProvider.System.GetUtcNow();
            Console.WriteLine("release\tedition\trun\tpublication_utc\tstate\treaders\tcreated_by");
            foreach (var r in await services.GetRequiredService<ReleaseStore>().ListAllAsync(ct))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Id}\t{r.EditionYear}\t{r.RunId}\t{r.PublicationAt.UtcDateTime:yyyy-MM-dd HH:mm}\t{(r.PublicationAt <= now ? "published" : "embargoed")}\t{string.Join(",", r.Readers)}\t{r.CreatedBy}"));
            }

            return 0;
        }));
        return command;
    }

    private static Command Estimates()
    {
        var edition = new Option<int>("--edition") { Description = "the edition's year", Required = true };
        var user = new Option<string>("--user") { Description = "the account the estimates are written for: the embargo is applied for it and the download audited under it", Required = true };
        var output = new Option<FileInfo>("--out") { Description = ".csv (as `victimsurvey estimate` writes it) or .xlsx (the estimates workbook)", Required = true };
        var language = WorkbookLanguageOption.Create();
        var command = new Command("estimates", "Write the estimates of the edition's latest release the user may see.") { edition, user, output, language };
        command.SetAction((parse, ct) => Guard(async () =>
        {
            var year = parse.GetValue(edition);
            var userName = parse.GetValue(user)!;
            var path = parse.GetValue(output)!.FullName;
            await using var services = Services(parse);
            // On whose behalf: an active account that may read estimates in the back office too (the audit
            // log must name a real reader, and the command must not open estimates to a role the pages refuse).
            var account = await services.GetRequiredService<AccountStore>().FindAsync(userName, ct);
            if (account is not { IsActive: true } || !Sections.IsAllowed(Section.Estimates, account.Roles))
            {
                throw new CliException($"--user '{userName}': there is no active account of that name with a role that reads estimates (statistician, analyst). Nothing was written.");
            }

            var release = (await services.GetRequiredService<ReleaseStore>().VisibleAsync(account.UserName, ct)).FirstOrDefault(r => r.EditionYear == year);
            // The same words whether there is no release or one under embargo: the refusal tells nothing of it.
            var refused = $"edition {year} has no release that {userName} may see: nothing has been published, and {userName} is not on the list of a release before its publication. Nothing was written.";
            if (release is null)
            {
                throw new CliException(refused);
            }

            var count = await services.GetRequiredService<ReleaseExport>().WriteAsync(release.Id, account.UserName, path, ReleaseAccess.Cli + ":" + Path.GetExtension(path).TrimStart('.').ToLowerInvariant(), ct,
                    parse.GetValue(language)!) ?? throw new CliException(refused);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {count:N0} estimates of release {release.Id} (edition {year}) to {path}."));
            return 0;
        }));
        return command;
    }

    /// <summary>The shared guard, plus a release that cannot be made or read: its reason on stderr, exit code 1.</summary>
    private static Task<int> Guard(Func<Task<int>> body) => CommonOptions.Guard(async () =>
    {
        try
        {
            return await body();
        }
        catch (Exception ex) when (ex is ReleaseException or WeightingRunException or InputFileException)
        {
            throw new CliException(ex.Message);
        }
    });

    [GeneratedRegex(@"(Z|[+-]\d\d:?\d\d)$", RegexOptions.IgnoreCase)]
    private static partial Regex OffsetAtEnd();

    private static ServiceProvider Services(ParseResult parse)
    {
        var services = new ServiceCollection().AddVictimSurveyData(CommonOptions.ConnectionString(parse));
        services.AddSingleton<ReleaseExport>();
        return services.BuildServiceProvider();
    }
}
