namespace Patron.Lifetime.Models;

/// <summary>A fitted model of purchase counts and dropout (BG/NBD, MBG/NBD, Pareto/NBD) in continuous time.</summary>
/// <remarks>Times are in the unit of the data the model was fitted on. Implementations are immutable and thread-safe.</remarks>
public interface ITransactionModel
{
    /// <summary>Short model name: bgnbd, mbgnbd or pareto-nbd.</summary>
    string Name { get; }

    /// <summary>The fit that produced the model; null for a model built from given parameters.</summary>
    ModelFit? Fit { get; }

    /// <summary>Parameters by their usual names, in the model's order.</summary>
    IReadOnlyList<KeyValuePair<string, double>> Parameters { get; }

    /// <summary>E[X(t)]: expected repeat purchases of a new customer in (0, t].</summary>
    double ExpectedPurchases(double t);

    /// <summary>E[Y(t) | x, tₓ, T]: expected purchases in the next t for a customer with this history (CET).</summary>
    double ConditionalExpectedPurchases(double t, int x, double recency, double age);

    /// <summary>P(alive | x, tₓ, T).</summary>
    double ProbabilityAlive(int x, double recency, double age);

    /// <summary>The customer's log-likelihood contribution.</summary>
    double LogLikelihood(int x, double recency, double age);

    /// <summary>P(no purchase in the next t | x, tₓ, T), a churn score.</summary>
    /// <remarks>
    /// "History (x, tₓ, T) and no purchase in (T, T + t]" is the event with history (x, tₓ, T + t), so the
    /// probability is the ratio of the two likelihoods; this holds for every model of this family.
    /// </remarks>
    double ProbabilityNoPurchase(double t, int x, double recency, double age) =>
        Math.Exp(LogLikelihood(x, recency, age + t) - LogLikelihood(x, recency, age));
}
