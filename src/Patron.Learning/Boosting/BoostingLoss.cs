namespace Patron.Learning.Boosting;

/// <summary>The loss a gradient-boosted model minimizes; it fixes the task and the link between raw score and prediction.</summary>
public enum BoostingLoss
{
    /// <summary>Binary cross-entropy on 0/1 labels; raw score is the log-odds.</summary>
    LogLoss,

    /// <summary>Half squared error; raw score is the prediction.</summary>
    SquaredError,

    /// <summary>Poisson deviance with a log link, for counts (labels &gt;= 0).</summary>
    Poisson,

    /// <summary>Tweedie deviance with variance power in (1, 2) and a log link, for zero-inflated spend (labels &gt;= 0).</summary>
    Tweedie,
}
