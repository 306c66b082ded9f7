using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Patron.Features.Live;

namespace Patron.Server.Live;

/// <summary>A customer's feature values packed into bytes, as the live service keeps them for each profile it published:
/// one array a customer instead of an array of boxed values (about 70 objects a customer that would live as long as the
/// profile and that every full collection would walk). Equal bytes mean equal values; a real is packed by its bits, so
/// 0 and −0, or two NaNs, may differ, and then the profile is only built again.</summary>
internal static class PublishedValues
{
    private const byte Null = 0;
    private const byte Integer = 1;
    private const byte Real = 2;
    private const byte Text = 3;
    private const byte Flag = 4;
    private const byte Other = 5;

    /// <summary>Writes the cutoff and every value, each with its kind, to <paramref name="output"/>.</summary>
    public static void Write(CustomerFeatureValues values, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(output);
        BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(4), values.Cutoff.DayNumber);
        output.Advance(4);
        foreach (var value in values.Values)
        {
            switch (value)
            {
                case null:
                    output.GetSpan(1)[0] = Null;
                    output.Advance(1);
                    break;
                case long l:
                    Tagged(output, Integer, l);
                    break;
                case int i:
                    Tagged(output, Integer, i);
                    break;
                case double d:
                    Tagged(output, Real, BitConverter.DoubleToInt64Bits(d));
                    break;
                case bool b:
                    Tagged(output, Flag, b ? 1 : 0);
                    break;
                case string text:
                    Chars(output, Text, text);
                    break;
                default:
                    // Not a kind the kernel gives today: its type and invariant text tell it apart all the same.
                    Chars(output, Other, value.GetType().FullName + ":" + Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    private static void Tagged(IBufferWriter<byte> output, byte tag, long bits)
    {
        var span = output.GetSpan(9);
        span[0] = tag;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], bits);
        output.Advance(9);
    }

    private static void Chars(IBufferWriter<byte> output, byte tag, string text)
    {
        var bytes = MemoryMarshal.AsBytes(text.AsSpan());
        var span = output.GetSpan(5 + bytes.Length);
        span[0] = tag;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], text.Length);
        bytes.CopyTo(span[5..]);
        output.Advance(5 + bytes.Length);
    }
}
