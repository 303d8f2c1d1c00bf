using VictimSurvey.Core.Accounts;

namespace VictimSurvey.Core.Tests.Accounts;

public class AccountRulesTests
{
    [Fact]
    public void A_valid_account_has_no_problem()
    {
        Assert.Empty(AccountRules.Validate("jane.doe@ssmsi", "a-long-enough-password", [Roles.Analyst]));
    }

    [Fact]
    public void A_short_password_is_refused_with_the_minimum_length()
    {
        var problem = Assert.Single(AccountRules.Validate("jane", "short", [Roles.Analyst]));
        Assert.Contains(AccountRules.MinPasswordLength.ToString(System.Globalization.CultureInfo.InvariantCulture), problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_role_is_named()
    {
        var problem = Assert.Single(AccountRules.Validate("jane", "a-long-enough-password", ["superuser"]));
        Assert.Contains("'superuser'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_needs_a_role()
    {
        Assert.Single(AccountRules.Validate("jane", "a-long-enough-password", []));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public void A_user_name_outside_the_allowed_characters_is_refused(string userName)
    {
        Assert.Single(AccountRules.Validate(userName, "a-long-enough-password", [Roles.Analyst]));
    }
}
