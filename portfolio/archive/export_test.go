package archive

import "github.com/foliohq/folio/portfolio"

// ImportArchiveBatched is ImportArchive writing the records new to the vault in
// batches of about batchBytes of plaintext, calling afterBatch (when not nil) as
// each commits: an error from it stops the import there.
func ImportArchiveBatched(p *portfolio.Portfolio, a *Archive, batchBytes int, afterBatch func(n int) error) (*Report, error) {
	return importArchive(p, a, nil, importOptions{batchBytes: batchBytes, afterBatch: afterBatch})
}

// ImportArchiveTakingBatched is ImportArchiveTaking writing in batches of about
// batchBytes of plaintext, calling afterBatch (when not nil) as each commits.
func ImportArchiveTakingBatched(p *portfolio.Portfolio, a *Archive, batchBytes int, afterBatch func(n int) error) (*Report, error) {
	return importArchive(p, a, nil, importOptions{take: true, batchBytes: batchBytes, afterBatch: afterBatch})
}
