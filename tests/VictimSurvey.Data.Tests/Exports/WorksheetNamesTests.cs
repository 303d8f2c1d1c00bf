using VictimSurvey.Jobs.Exports;

namespace VictimSurvey.Data.Tests.Exports;

public class WorksheetNamesTests
{
    [Fact]
    public void A_name_within_the_limit_is_kept_whole()
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        // 29 characters: it used to be cut to "Atteintes aux biens du ménag".
        Assert.Equal("Atteintes aux biens du ménage", WorksheetNames.Unique("Atteintes aux biens du ménage", used));
        Assert.Equal("Violences_ menaces", WorksheetNames.Unique("Violences/ menaces", used));
    }

    [Fact]
    public void Long_and_repeated_names_are_cut_only_as_far_as_the_limit_needs()
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Notes" };
        var title = "Victimation des personnes de 14 ans et plus";

        var first = WorksheetNames.Unique(title, used);
        var second = WorksheetNames.Unique(title, used);

        Assert.Equal(title[..31], first);
        Assert.Equal(title[..29] + "_2", second);
        Assert.Equal("notes_2", WorksheetNames.Unique("notes", used));
        Assert.All(used, name => Assert.InRange(name.Length, 1, WorksheetNames.MaxLength));
    }
}
