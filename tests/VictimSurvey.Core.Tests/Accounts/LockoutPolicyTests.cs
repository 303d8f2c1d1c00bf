using VictimSurvey.Core.Accounts;

namespace VictimSurvey.Core.Tests.Accounts;

public class LockoutPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private readonly LockoutPolicy policy = new(3, TimeSpan.FromMinutes(10));

    [Fact]
    public void Failures_below_the_limit_only_count()
    {
        Assert.Equal((1, (DateTimeOffset?)null), policy.AfterFailure(0, Now));
        Assert.Equal((2, (DateTimeOffset?)null), policy.AfterFailure(1, Now));
    }

    [Fact]
    public void The_failure_that_reaches_the_limit_locks_for_the_duration_and_restarts_the_count()
    {
        var (failures, lockedUntil) = policy.AfterFailure(2, Now);
        Assert.Equal(0, failures);
        Assert.Equal(Now.AddMinutes(10), lockedUntil);
    }

    [Fact]
    public void A_lock_holds_until_its_end_and_not_after()
    {
        var until = Now.AddMinutes(10);
        Assert.True(policy.IsLocked(until, Now));
        Assert.True(policy.IsLocked(until, until.AddTicks(-1)));
        Assert.False(policy.IsLocked(until, until));
        Assert.False(policy.IsLocked(null, Now));
    }
}
