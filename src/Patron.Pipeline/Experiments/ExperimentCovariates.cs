using Patron.DuckDb;
using Patron.Features.Experiments;

namespace Patron.Pipeline.Experiments;

/// <summary>The CUPED covariates of a metric: its own value over the window before the start, and Patron's lifetime
/// feature for it (net revenue, or purchase orders) at the latest cutoff on or before the start. Both are fixed before
/// the experiment begins, so they cannot carry its effect.</summary>
internal static class ExperimentCovariates
{
    public static IReadOnlyList<double[]> For(DuckDbConnection connection, ExperimentOutcomes outcomes, IReadOnlyList<string> ids, string metric)
    {
        var list = new List<double[]> { outcomes.Covariate(metric) };
        if (ExperimentPopulation.CutoffAtOrBefore(connection, outcomes.Start) is { } cutoff)
        {
            list.Add(ExperimentPopulation.Feature(connection, cutoff, ids, metric == "revenue" ? "net_revenue" : "orders"));
        }

        return list;
    }
}
