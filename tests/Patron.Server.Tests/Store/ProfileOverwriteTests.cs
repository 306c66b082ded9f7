using System.Diagnostics;
using Patron.Server.Store;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Store;

/// <summary>profiles.bin is mapped into the server; rewriting it in place (<c>cp new old</c>) used to truncate the mapped
/// file under the readers and stop the process with SIGBUS. The mapping is now leased and detached before the writer
/// may go on (Store/ProfileFileMapping.cs): the overwrite is harmless, and a crash here would end the test run.</summary>
public sealed class ProfileOverwriteTests
{
    [Fact]
    public async Task CopyOverTheServedProfilesBin_ReadersGoOnWithTheSameProfiles()
    {
        using var temp = new TempFolder();
        var folder = temp.Folder("run");
        ServedRun.CopyFolder(ServedRun.DemoRun, folder);
        var snapshot = RunLoader.Load(folder);
        var mapping = snapshot.Customers.Mapping;
        if (OperatingSystem.IsLinux())
        {
            // The columns must really be mapped here, or the test would not exercise the overwrite of a mapped file.
            Assert.NotNull(mapping);
            Assert.True(snapshot.Customers.MappedBytes > snapshot.Customers.Count * 8L);
        }

        var expected = Profiles(snapshot);
        using var stop = new CancellationTokenSource();
        var rounds = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Assert.Equal(expected, Profiles(snapshot));
                rounds++;
            }
        });

        // A small file copied over the served one: cp opens it for writing and truncates it.
        Copy(Path.Combine(folder, "run.json"), Path.Combine(folder, "profiles.bin"));
        Assert.Equal(new FileInfo(Path.Combine(folder, "run.json")).Length, new FileInfo(Path.Combine(folder, "profiles.bin")).Length);

        await Task.Delay(200);
        await stop.CancelAsync();
        await reader;
        Assert.True(rounds > 0);
        Assert.Equal(expected, Profiles(snapshot));
        if (mapping is not null)
        {
            Assert.True(mapping.IsDetached);
        }
    }

    [Fact]
    public async Task CopyOverTheServedProfilesBin_TheServerAnswersAndLoadsTheNewFileOnceWritten()
    {
        await using var served = await ServedRun.StartAsync(o => o with { Watch = true });
        var bin = Path.Combine(served.Folder, "profiles.bin");
        var original = Path.Combine(served.Temp.Folder("original"), "profiles.bin");
        File.Copy(bin, original);
        var (status, before) = await Json.GetAsync(served.Client, "/api/customers/C0000002");
        Assert.Equal(200, status);

        Copy(Path.Combine(served.Folder, "run.json"), bin);
        var (statusAfter, after) = await Json.GetAsync(served.Client, "/api/customers/C0000002");
        Assert.Equal(200, statusAfter);
        Assert.Equal(before.GetRawText(), after.GetRawText());

        // The same bytes copied back in place: the folder loads again from them, still serving every profile.
        Copy(original, bin);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (served.Holder.Current!.Customers.Mapping is { IsDetached: true } && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        if (OperatingSystem.IsLinux())
        {
            Assert.False(served.Holder.Current!.Customers.Mapping!.IsDetached);
        }

        var (statusReloaded, reloaded) = await Json.GetAsync(served.Client, "/api/customers/C0000002");
        Assert.Equal(200, statusReloaded);
        Assert.Equal(before.GetRawText(), reloaded.GetRawText());
    }

    private static void Copy(string from, string to)
    {
        using var cp = Process.Start(new ProcessStartInfo("cp", [from, to]) { UseShellExecute = false })!;
        Assert.True(cp.WaitForExit(60_000), "cp did not finish");
        Assert.Equal(0, cp.ExitCode);
    }

    private static List<string> Profiles(RunSnapshot snapshot)
    {
        var profiles = new List<string>(snapshot.Customers.Count);
        for (var row = 0; row < snapshot.Customers.Count; row++)
        {
            profiles.Add(System.Text.Encoding.UTF8.GetString(ProfileJson.Write(snapshot, row)));
        }

        return profiles;
    }
}
