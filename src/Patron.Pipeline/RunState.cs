namespace Patron.Pipeline;

/// <summary>What the stages of one run hand each other.</summary>
internal sealed class RunState
{
    public string IngestKey { get; set; } = "";

    public string FeaturesKey { get; set; } = "";

    public string ModelsKey { get; set; } = "";

    /// <summary>The cross-sell stage's key when it wrote next products, else empty: the models stage writes them into predictions.csv.</summary>
    public string CrossSellKey { get; set; } = "";

    public string SourceName { get; set; } = "";

    public DateOnly ScoringCutoff { get; set; }

    public DateOnly TrainingCutoff { get; set; }

    /// <summary>(cutoff, horizon) pairs the features stage builds, scoring cutoff last.</summary>
    public List<(DateOnly Cutoff, int Horizon)> Builds { get; } = [];

    public List<TaskSummary> Tasks { get; } = [];

    public Dictionary<string, string> SkippedTasks { get; } = new(StringComparer.Ordinal);

    public long CustomersScored { get; set; }

    /// <summary>Scores of every customer at the scoring cutoff by customer task, from the refitted model the models stage
    /// saved in models/ (tasks whose chosen candidate is a learner; a blend's or baseline's scores are not that file's).
    /// Empty when the models stage was skipped as unchanged; the drift stage then scores the cutoff itself.</summary>
    public Dictionary<string, double[]> ScoringScores { get; } = new(StringComparer.Ordinal);

    /// <summary>False when silver's orders hold no purchase: the customer tasks are skipped, session data may still run.</summary>
    public bool HasPurchases { get; set; } = true;

    /// <summary>The session data session_purchase reads, when it was asked for and the warehouse has any.</summary>
    public Patron.Features.Sessions.SessionKind? Sessions { get; set; }

    /// <summary>Sessions written to session_predictions.csv.</summary>
    public long SessionsScored { get; set; }

    public string RunId { get; set; } = "";

    public Dictionary<string, string> Outputs { get; } = new(StringComparer.Ordinal);
}
