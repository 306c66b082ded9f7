namespace Patron.Pipeline.Stages;

/// <summary>Forwards a stage's plain messages to the pipeline's progress with the stage name attached.</summary>
internal sealed class StageProgress(IProgress<PipelineProgress>? target, string stage) : IProgress<string>
{
    public void Report(string value) => target?.Report(new PipelineProgress(stage, value));
}
