namespace Patron.Pipeline;

/// <summary>A progress message of the pipeline: which stage, and what it is doing now.</summary>
/// <param name="Stage">Stage name.</param>
/// <param name="Message">What happens now, in words.</param>
public readonly record struct PipelineProgress(string Stage, string Message);
