using System.Globalization;

namespace Patron.Server.Dashboard;

/// <summary>The dashboard's tables for the run served are still being built from the warehouse.</summary>
internal sealed class DashboardPreparingException : Exception
{
    public DashboardPreparingException(DateTimeOffset started)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"The dashboard's tables for this run are being built from the warehouse (started {started:HH:mm:ss} UTC, {(DateTimeOffset.UtcNow - started).TotalSeconds:F0} s ago): the figures from orders and sessions appear when they are ready; reload the page in a moment. Meanwhile the models page and each customer's scores are shown."))
    {
        Started = started;
    }

    public DashboardPreparingException()
    {
    }

    public DashboardPreparingException(string message)
        : base(message)
    {
    }

    public DashboardPreparingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>When the build began.</summary>
    public DateTimeOffset Started { get; }
}
