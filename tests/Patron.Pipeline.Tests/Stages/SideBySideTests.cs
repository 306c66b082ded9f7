using Patron.Pipeline.Stages;

namespace Patron.Pipeline.Tests.Stages;

public sealed class SideBySideTests
{
    [Fact]
    public void Run_BothSucceed_BothResultsTheSecondOnAThreadOfItsOwn()
    {
        var caller = Environment.CurrentManagedThreadId;

        var (first, second) = SideBySide.Run("first", () => Environment.CurrentManagedThreadId, "second", () => Environment.CurrentManagedThreadId);

        Assert.Equal(caller, first);
        Assert.NotEqual(caller, second);
    }

    [Fact]
    public void Run_SecondFails_ItsOwnExceptionAfterTheFirstEnded()
    {
        var firstEnded = false;
        var failure = new InvalidOperationException("the session gold could not be written");

        var thrown = Assert.Throws<InvalidOperationException>(() => SideBySide.Run<int, int>("first", () =>
        {
            firstEnded = true;
            return 1;
        }, "second", () => throw failure));

        Assert.Same(failure, thrown);
        Assert.True(firstEnded);
    }

    [Fact]
    public void Run_FirstFails_ItsOwnExceptionAfterTheSecondEnded()
    {
        using var secondMayEnd = new ManualResetEventSlim();
        var secondEnded = false;
        var failure = new ArgumentException("no customers");

        var thrown = Assert.Throws<ArgumentException>(() => SideBySide.Run<int, int>("first", () =>
        {
            // The second part is still running when the first fails: Run must wait for it all the same.
            secondMayEnd.Set();
            throw failure;
        }, "second", () =>
        {
            secondMayEnd.Wait();
            Thread.Sleep(50);
            secondEnded = true;
            return 2;
        }));

        Assert.Same(failure, thrown);
        Assert.True(secondEnded);
    }

    [Fact]
    public void Run_BothFail_BothExceptionsNamedInOne()
    {
        var first = new InvalidOperationException("customer side broke");
        var second = new IOException("session side broke");

        var thrown = Assert.Throws<AggregateException>(() => SideBySide.Run<int, int>("the customer features", () => throw first, "the session gold", () => throw second));

        Assert.Equal([first, second], thrown.InnerExceptions);
        Assert.Contains("the customer features and the session gold both failed", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("customer side broke", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("session side broke", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SerialProgress_TwoThreadsReporting_NeverTwoCallsAtOnce()
    {
        var inside = 0;
        var overlaps = 0;
        var lines = new List<string>();
        var serial = new SerialProgress(new Inline(line =>
        {
            if (Interlocked.Increment(ref inside) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            lines.Add(line);
            Thread.SpinWait(200);
            Interlocked.Decrement(ref inside);
        }));

        SideBySide.Run("a", () =>
        {
            for (var i = 0; i < 2000; i++)
            {
                serial.Report("a");
            }

            return 0;
        }, "b", () =>
        {
            for (var i = 0; i < 2000; i++)
            {
                serial.Report("b");
            }

            return 0;
        });

        Assert.Equal(0, overlaps);
        Assert.Equal(4000, lines.Count);
    }

    private sealed class Inline(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
