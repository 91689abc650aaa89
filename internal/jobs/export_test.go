package jobs

import "mutu/internal/store"

// SetAfterFile lets a test cut a pack's build off after a file.
func SetAfterFile(j *EvidencePacks, f func(p *store.Pack, done int) error) { j.afterFile = f }
