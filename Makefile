.PHONY: test lint bench build

test:
	go test -race ./...

lint:
	go vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	@command -v staticcheck >/dev/null && staticcheck ./... || true

bench:
	go test -run '^$$' -bench . -benchmem ./assessment/ ./data/ ./reports/ ./frameworks/

build:
	CGO_ENABLED=0 go build -o bordergap ./cmd/bordergap
