namespace VictimSurvey.Jobs.Fieldwork;

/// <summary>Fieldwork days are French calendar days: a season date or a protocol day starts at midnight in Europe/Paris.</summary>
public static class FieldworkClock
{
    public static TimeZoneInfo Paris { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>Midnight at the start of <paramref name="day"/> in Paris, as an instant.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Paris.GetUtcOffset(local));
    }

    /// <summary>Today's date in Paris.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Paris).DateTime);
}
