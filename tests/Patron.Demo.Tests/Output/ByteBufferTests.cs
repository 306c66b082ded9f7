using System.Text;
using Patron.Demo.Output;

namespace Patron.Demo.Tests.Output;

public sealed class ByteBufferTests
{
    [Theory]
    [InlineData(0L, "0.00")]
    [InlineData(5L, "0.05")]
    [InlineData(1230L, "12.30")]
    [InlineData(-1999L, "-19.99")]
    [InlineData(123456789L, "1234567.89")]
    public void AppendCents_Amount_WritesTwoDecimals(long cents, string expected) =>
        Assert.Equal(expected, Write(b => b.AppendCents(cents)));

    [Theory]
    [InlineData(0, "0")]
    [InlineData(5, "0.05")]
    [InlineData(10, "0.1")]
    [InlineData(15, "0.15")]
    [InlineData(30, "0.3")]
    [InlineData(100, "1")]
    public void AppendHundredths_Rate_WritesShortestDecimal(int hundredths, string expected) =>
        Assert.Equal(expected, Write(b => b.AppendHundredths(hundredths)));

    [Theory]
    [InlineData((byte)'T', 42L, 9, "T000000042")]
    [InlineData((byte)'C', 9_999_999L, 7, "C9999999")]
    [InlineData((byte)'P', 1L, 5, "P00001")]
    public void AppendId_Number_ZeroPads(byte prefix, long value, int width, string expected) =>
        Assert.Equal(expected, Write(b => b.AppendId(prefix, value, width)));

    [Fact]
    public void AppendTimestamp_ManySeconds_MatchesDateTime()
    {
        var rng = new Random(3);
        for (var i = 0; i < 5000; i++)
        {
            var seconds = (long)(rng.NextDouble() * 4_200_000_000L);
            var expected = DateTime.UnixEpoch.AddSeconds(seconds).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, Write(b => b.AppendTimestamp(seconds)));
        }
    }

    [Fact]
    public void CivilCalendar_EveryDayFrom1970To2100_RoundTripsThroughDateOnly()
    {
        var epoch = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        for (var days = 0; days < 47_500; days++)
        {
            var date = DateOnly.FromDayNumber(epoch + days);
            Assert.Equal((date.Year, date.Month, date.Day), CivilCalendar.CivilFromDays(days));
            Assert.Equal(days, CivilCalendar.DaysFrom(date));
            Assert.Equal(((int)date.DayOfWeek + 6) % 7, CivilCalendar.DayOfWeek(days));
        }
    }

    [Fact]
    public void Append_BeyondInitialCapacity_Grows()
    {
        using var buffer = new ByteBuffer(16);
        for (var i = 0; i < 1000; i++)
        {
            buffer.AppendInteger(i);
            buffer.Append((byte)',');
        }

        var text = Encoding.ASCII.GetString(buffer.Written);
        Assert.StartsWith("0,1,2,", text, StringComparison.Ordinal);
        Assert.EndsWith("998,999,", text, StringComparison.Ordinal);
    }

    private static string Write(Action<ByteBuffer> write)
    {
        using var buffer = new ByteBuffer(4);
        write(buffer);
        return Encoding.ASCII.GetString(buffer.Written);
    }
}
