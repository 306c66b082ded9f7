namespace Patron.Pipeline.Runs;

/// <summary>Run states with MLflow's numeric codes (RUNNING = 1, FINISHED = 3, FAILED = 4).</summary>
public enum RunStatus
{
    Running = 1,
    Finished = 3,
    Failed = 4,
}
