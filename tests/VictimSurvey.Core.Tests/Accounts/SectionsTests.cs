using VictimSurvey.Core.Accounts;

namespace VictimSurvey.Core.Tests.Accounts;

public class SectionsTests
{
    [Fact]
    public void Every_section_has_a_role_list_of_known_roles()
    {
        foreach (var section in Enum.GetValues<Section>())
        {
            var entry = Sections.All.Single(s => s.Section == section);
            Assert.All(entry.AllowedRoles.Split(','), role => Assert.True(Roles.IsKnown(role), $"{section}: unknown role '{role}'"));
        }
    }

    [Theory]
    [InlineData(Roles.Admin, new[] { Section.Administration })]
    [InlineData(Roles.SurveyManager, new[] { Section.Editions, Section.Sample, Section.Fieldwork })]
    [InlineData(Roles.Statistician, new[] { Section.Editions, Section.Sample, Section.Fieldwork, Section.Weighting, Section.Releases, Section.Estimates })]
    [InlineData(Roles.Analyst, new[] { Section.Estimates })]
    public void Each_role_sees_exactly_its_sections(string role, Section[] expected)
    {
        Assert.Equal(expected, Sections.VisibleTo([role]));
    }

    [Fact]
    public void Analysts_never_see_sections_with_personal_data()
    {
        Assert.False(Sections.IsAllowed(Section.Sample, [Roles.Analyst]));
        Assert.False(Sections.IsAllowed(Section.Fieldwork, [Roles.Analyst]));
    }

    [Fact]
    public void An_account_with_several_roles_sees_the_union_of_their_sections()
    {
        var visible = Sections.VisibleTo([Roles.Admin, Roles.Analyst]);
        Assert.Equal([Section.Estimates, Section.Administration], visible);
    }

    [Fact]
    public void No_role_sees_no_section()
    {
        Assert.Empty(Sections.VisibleTo([]));
        Assert.Empty(Sections.VisibleTo(["guest"]));
    }
}
