namespace Patron.Pipeline;

public sealed partial class PipelineRunner
{
    /// <summary>The drift stage alone, on the folder and warehouse of an earlier run (the drift-stage benchmark of
    /// Patron.Bench): the caller gives what the earlier stages would have handed over (the two cutoffs, the tasks'
    /// out-of-time results and the models stage's scores at the scoring cutoff); the output folder must hold the run's
    /// metrics.json and models/. Writes drift.json and the drift keys of metrics.json; run.json is not written.</summary>
    internal RunSummary RunDriftOnly(DateOnly trainingCutoff, DateOnly scoringCutoff, IEnumerable<TaskSummary> tasks,
        IReadOnlyDictionary<string, double[]> scoringScores)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(scoringScores);
        var state = new RunState { TrainingCutoff = trainingCutoff, ScoringCutoff = scoringCutoff, ModelsKey = "from the run folder" };
        state.Tasks.AddRange(tasks);
        foreach (var (task, scores) in scoringScores)
        {
            state.ScoringScores[task] = scores;
        }

        DriftCheck(state);
        return Summary(state);
    }
}
