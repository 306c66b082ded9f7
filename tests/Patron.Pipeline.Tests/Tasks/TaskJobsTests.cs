using Patron.Pipeline.Tasks;

namespace Patron.Pipeline.Tests.Tasks;

public sealed class TaskJobsTests
{
    [Fact]
    public void Finish_TwoTasksFail_TheFirstStartedIsRethrownAsItself_OnceBothHaveEnded()
    {
        var jobs = new TaskJobs(new Progress<string>());
        using var secondFailed = new ManualResetEventSlim();
        var firstEnded = false;

        // The first task fails only after the second has failed: the order of start, not of failure, decides.
        jobs.Start("churn", 2, _ =>
        {
            secondFailed.Wait();
            Volatile.Write(ref firstEnded, true);
            throw new InvalidOperationException("churn failed");
        });
        jobs.Start("repeat", 2, _ =>
        {
            secondFailed.Set();
            throw new ArgumentException("repeat failed");
        });

        var outcomes = new Dictionary<string, TaskOutcome>();
        var error = Assert.Throws<InvalidOperationException>(() => jobs.Finish(outcomes));

        Assert.Equal("churn failed", error.Message);
        Assert.True(Volatile.Read(ref firstEnded));
        Assert.Empty(outcomes);
    }

    [Fact]
    public void Start_AfterATaskFailed_StopsWithThatFailureInsteadOfStartingMore()
    {
        var jobs = new TaskJobs(new Progress<string>());
        var started = 0;
        jobs.Start("churn", 1, _ => throw new InvalidOperationException("churn failed"));

        // One at a time: the next start waits for the first, sees it failed and rethrows instead of starting.
        var error = Assert.Throws<InvalidOperationException>(() => jobs.Start("repeat", 1, _ =>
        {
            Interlocked.Increment(ref started);
            throw new ArgumentException("never run");
        }));

        Assert.Equal("churn failed", error.Message);
        Assert.Equal(0, Volatile.Read(ref started));
    }
}
