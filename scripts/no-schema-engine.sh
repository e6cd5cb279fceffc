#!/bin/sh
echo "The Prisma schema engine is not available on this machine; migrations run through npm run db:migrate." >&2
exit 1
