package main

import (
	"context"
	"io"
)

func cmdPackage(ctx context.Context, args []string, p *progress, errOut io.Writer) error {
	return nil
}
