using CudaImages.Docker;
using Spectre.Console;
using Spectre.Console.Rendering;
using Digests = CudaImages.Model.Digests;
using Size = CudaImages.Size;

namespace CudaImages.Publishing;

/// <summary>What Publish did as people read it: one row per image with its aliases, and the lines before and after.</summary>
public static class PublishTable
{
    /// <summary>Columns in CI logs, where the aliases' digests should not fold.</summary>
    public const int LogWidth = 220;

    public static string Heading(int images, RegistryRepository target, RegistryCredential? credential, bool dryRun) =>
        $"publishing {Count(images, "image", "images")} to {target} ({(credential is null ? "no credentials" : credential.ToString())})" +
        (dryRun ? "; dry run: nothing changes" : "");

    public static IRenderable Render(IReadOnlyList<PublishOutcome> outcomes)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Image", "Result", "Digest", "Compressed", "Aliases", "Reason");
        foreach (var o in outcomes)
        {
            var aliases = string.Join("\n", o.Aliases.Select(a => !a.Moves
                ? $"{a.Alias} (unchanged)"
                : $"{a.Alias}: {Short(a.OldDigest) ?? "(none)"} → {Short(a.NewDigest) ?? "(digest of the push)"}"));
            table.AddRow(
                Markup.Escape(o.Image.Tag),
                o.Action switch
                {
                    PublishAction.Pushed => "[green]pushed[/]",
                    PublishAction.AlreadyPublished when o.CurrentInRegistry => "current in registry",
                    PublishAction.AlreadyPublished => "already published",
                    PublishAction.WouldPush => "[yellow]would push[/]",
                    _ => "[red]not published[/]",
                },
                Markup.Escape(Short(o.Manifest?.Digest) ?? ""),
                o.Manifest is { } m ? Size.Format(m.CompressedBytes) : "",
                Markup.Escape(aliases),
                Markup.Escape(o.Reason ?? ""));
        }
        return table;
    }

    /// <summary>The closing line: what was pushed and moved, or in a dry run what would be; <paramref name="written"/> is publish.json.</summary>
    public static string Summary(IReadOnlyList<PublishOutcome> outcomes, bool dryRun, TimeSpan elapsed, string written)
    {
        var pushed = outcomes.Count(o => o.Action == PublishAction.Pushed);
        var already = outcomes.Count(o => o.Action == PublishAction.AlreadyPublished);
        var skipped = outcomes.Count(o => o.Action == PublishAction.Skipped);
        // The platforms of an index share its aliases: each alias moved once, however many platforms the tag has.
        var aliasMoves = outcomes.GroupBy(o => o.Image.PublishedTag).Sum(tag => tag.First().Aliases.Count(a => a.Moves));
        var indexes = outcomes.Select(o => o.Index).OfType<IndexOutcome>().DistinctBy(i => i.Tag).Count(i => i.Action == PublishAction.Pushed);
        if (dryRun)
            return $"dry run: would push {outcomes.Count(o => o.Action == PublishAction.WouldPush)}, would move {Count(aliasMoves, "alias", "aliases")}, " +
                   $"{already} already published, {skipped} not published; nothing changed";
        if (pushed == 0 && indexes == 0 && aliasMoves == 0)
            return $"nothing pushed: {Count(already, "image", "images")} already published with every alias in place, {skipped} not published ({elapsed.TotalSeconds:0.0} s)";
        return $"{pushed} pushed, {(indexes > 0 ? Count(indexes, "index", "indexes") + " put, " : "")}{Count(aliasMoves, "alias", "aliases")} moved, {already} already published, {skipped} not published ({elapsed.TotalSeconds:0.0} s); " +
               $"wrote {written}";
    }

    static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    static string? Short(string? digest) => digest is null ? null : Digests.Short(digest);
}
