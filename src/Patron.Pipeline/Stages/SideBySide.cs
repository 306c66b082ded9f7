using System.Runtime.ExceptionServices;

namespace Patron.Pipeline.Stages;

/// <summary>Runs two independent parts of a stage at once: the first on the calling thread, the second on a thread of its
/// own, and returns when both have ended.</summary>
/// <remarks>Neither part is cancelled when the other fails: each writes its own tables in its own transactions, so a part
/// that ends leaves whole tables and one that fails leaves its tables as they were. A failure surfaces unchanged (its own
/// type and message) when it is the only one; when both fail, an <see cref="AggregateException"/> carries both.</remarks>
internal static class SideBySide
{
    public static (TFirst First, TSecond Second) Run<TFirst, TSecond>(string firstName, Func<TFirst> first, string secondName, Func<TSecond> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        TSecond secondResult = default!;
        ExceptionDispatchInfo? secondFailure = null;
        var thread = new Thread(() =>
        {
            try
            {
                secondResult = second();
            }
            catch (Exception e)
            {
                secondFailure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            Name = secondName,
            IsBackground = true,
        };
        thread.Start();

        TFirst firstResult = default!;
        ExceptionDispatchInfo? firstFailure = null;
        try
        {
            firstResult = first();
        }
        catch (Exception e)
        {
            firstFailure = ExceptionDispatchInfo.Capture(e);
        }

        // The second part uses what the caller disposes after this returns (the database), so it must end first.
        thread.Join();
        if (firstFailure is not null && secondFailure is not null)
        {
            throw new AggregateException($"{firstName} and {secondName} both failed", firstFailure.SourceException, secondFailure.SourceException);
        }

        firstFailure?.Throw();
        secondFailure?.Throw();
        return (firstResult, secondResult);
    }
}
