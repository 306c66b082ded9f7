namespace Patron.Lifetime.Data;

/// <summary>The unit in which recency, age and horizons are measured.</summary>
public enum TimeUnit
{
    /// <summary>Calendar days.</summary>
    Days,

    /// <summary>Weeks of seven days (the CDNOW literature's unit).</summary>
    Weeks,
}
