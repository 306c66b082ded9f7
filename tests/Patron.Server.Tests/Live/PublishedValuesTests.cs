using System.Buffers;
using Patron.Features.Live;
using Patron.Server.Live;

namespace Patron.Server.Tests.Live;

/// <summary>The packed values the live service compares before it re-scores a customer: equal values give equal bytes,
/// and any change of a value, of its kind or of the cutoff gives other bytes (else a changed profile would not be
/// published).</summary>
public sealed class PublishedValuesTests
{
    private static readonly DateOnly Day = new(2026, 12, 7);

    [Fact]
    public void Write_SameValues_SameBytes()
    {
        Assert.Equal(Packed(Day, 3L, 12.5, "card", null, true), Packed(Day, 3L, 12.5, "card", null, true));
    }

    [Fact]
    public void Write_AnyValueKindOrCutoffChanged_OtherBytes()
    {
        var baseline = Packed(Day, 3L, 12.5, "card", null, true);
        (DateOnly Day, object?[] Values)[] changes =
        [
            (Day.AddDays(1), [3L, 12.5, "card", null, true]),
            (Day, [4L, 12.5, "card", null, true]),
            (Day, [3.0, 12.5, "card", null, true]),
            (Day, [3L, 12.500000000000002, "card", null, true]),
            (Day, [3L, 12.5, "cash", null, true]),
            (Day, [3L, 12.5, "car", "d", true]),
            (Day, [3L, 12.5, "card", 0L, true]),
            (Day, [3L, 12.5, "card", "", true]),
            (Day, [3L, 12.5, "card", null, false]),
            (Day, [3L, 12.5, "card", null, 1L]),
            (Day, [3L, 12.5, "card", null]),
        ];
        foreach (var (day, values) in changes)
        {
            Assert.NotEqual(baseline, Packed(day, values));
        }
    }

    private static byte[] Packed(DateOnly day, params object?[] values)
    {
        var output = new ArrayBufferWriter<byte>();
        PublishedValues.Write(new CustomerFeatureValues { CustomerId = "C1", Cutoff = day, Values = values }, output);
        return output.WrittenSpan.ToArray();
    }
}
