namespace Patron.Pipeline;

/// <summary>
/// A stage of <c>patron run</c> failed. The message names the stage and the cause; the run folder keeps what the earlier
/// stages wrote, and run.json lists every stage with the failed one last.
/// </summary>
public sealed class PipelineStageException : Exception
{
    public PipelineStageException()
        : this("", "", null)
    {
    }

    public PipelineStageException(string message)
        : base(message)
    {
        Stage = "";
        RunFolder = "";
    }

    public PipelineStageException(string message, Exception innerException)
        : base(message, innerException)
    {
        Stage = "";
        RunFolder = "";
    }

    public PipelineStageException(string stage, string runFolder, Exception? innerException)
        : base(MessageFor(stage, runFolder, innerException), innerException)
    {
        Stage = stage;
        RunFolder = runFolder;
    }

    /// <summary>The stage that failed: ingest, quality, features, models, kpi, runs_store or report.</summary>
    public string Stage { get; }

    /// <summary>The run folder, holding the outputs of the stages before the failed one.</summary>
    public string RunFolder { get; }

    private static string MessageFor(string stage, string runFolder, Exception? cause)
    {
        var reason = cause?.Message ?? "unknown cause";
        return stage.Length == 0
            ? reason
            : $"the {stage} stage failed: {reason} (the outputs of the stages before it are in {runFolder}; run.json lists them)";
    }
}
