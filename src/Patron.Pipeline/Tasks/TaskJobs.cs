namespace Patron.Pipeline.Tasks;

/// <summary>Customer tasks run side by side, each on a thread of its own, at most a given number at once; their outcomes
/// are taken in the order the tasks were started, so what a run writes does not depend on which task ends first.</summary>
/// <remarks>Every fit inside a task is seeded and its result does not depend on the threads, so a task run beside
/// another gives the same outcome as run alone. A failed task stops the admission of more: the ones running finish,
/// then the first failure in start order is rethrown as itself.</remarks>
internal sealed class TaskJobs
{
    private readonly List<(string Task, Task<TaskOutcome> Job)> _jobs = [];

    public TaskJobs(IProgress<string> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        Progress = new LockedProgress(progress);
    }

    /// <summary>The stage's progress, passed on one line at a time (tasks side by side report at once).</summary>
    public IProgress<string> Progress { get; }

    /// <summary>Starts <paramref name="run"/> once fewer than <paramref name="atOnce"/> started tasks are still running.</summary>
    public void Start(string task, int atOnce, Func<IProgress<string>, TaskOutcome> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        WaitBelow(Math.Max(1, atOnce));
        var progress = Progress;
        _jobs.Add((task, Task.Factory.StartNew(() => run(progress), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
    }

    /// <summary>Waits for every started task and adds their outcomes to <paramref name="outcomes"/> in start order.</summary>
    public void Finish(Dictionary<string, TaskOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        WaitBelow(1);
        foreach (var (task, job) in _jobs)
        {
            outcomes[task] = job.GetAwaiter().GetResult();
        }

        _jobs.Clear();
    }

    private void WaitBelow(int limit)
    {
        while (true)
        {
            var running = new List<Task>(_jobs.Count);
            var failed = false;
            foreach (var (_, job) in _jobs)
            {
                if (!job.IsCompleted)
                {
                    running.Add(job);
                }

                failed |= job.IsFaulted || job.IsCanceled;
            }

            if (failed)
            {
                // Let the others end (they read the same matrices), then fail with the first failure in start order.
                foreach (var job in running)
                {
                    ((IAsyncResult)job).AsyncWaitHandle.WaitOne();
                }

                foreach (var (_, job) in _jobs)
                {
                    if (job.IsFaulted || job.IsCanceled)
                    {
                        job.GetAwaiter().GetResult();
                    }
                }
            }

            if (running.Count < limit)
            {
                return;
            }

            Task.WaitAny([.. running]);
        }
    }

    private sealed class LockedProgress(IProgress<string> inner) : IProgress<string>
    {
        private readonly Lock _gate = new();

        public void Report(string value)
        {
            lock (_gate)
            {
                inner.Report(value);
            }
        }
    }
}
