package attachment

// CommitAttachment keeps the staged bytes and writes the manifest a naming them,
// with their size and hash.
func (tx *Tx) CommitAttachment(a *Attachment, staged *storage.Staged) error {
	stx, err := tx.writer("an attachment is written")
	if err != nil {
		return err
	}
	sid, err := storageID(a.ID)
	if err != nil {
		return err
	}
	b, err := stx.CommitBlob(staged)
	if err != nil {
		return err
	}
	a.Size = b.Size
	a.SetHash(b.Hash)
	return stx.Put(collAttachments, sid, a.Encode())
}
